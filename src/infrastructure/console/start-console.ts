import type { INestApplication } from '@nestjs/common';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { buildConsole, CONSOLE_BUILD_DIR } from './console-build';
import { mountConsole } from './console-assets';
import { startDemoIdentityProvider, type DemoIdentityProvider } from './demo-identity-provider';

type Env = Record<string, string | undefined>;

/**
 * The demo district is on outside production unless DEMO_DISTRICT=off: `npm start` then runs the demo identity
 * provider (when no OIDC_ISSUER is configured) and, with the SMS simulator, seeds the demo district into an empty
 * record (main.ts).
 */
export function demoWanted(env: Env): boolean {
  return env.NODE_ENV !== 'production' && env.DEMO_DISTRICT !== 'off';
}

/** Starts the demo provider when wanted and no real one is configured; answers it and the OIDC_* settings it needs. */
export async function demoIdentityProviderFor(env: Env): Promise<{ provider: DemoIdentityProvider; env: Env } | null> {
  if (!demoWanted(env) || env.OIDC_ISSUER) return null;
  const port = Number(env.PORT ?? 3000);
  const oidcPort = Number(env.DEMO_OIDC_PORT ?? port + 1);
  // A demo that cannot start (its port taken, say) leaves the service running with its own tokens only.
  const provider = await startDemoIdentityProvider(oidcPort, [
    `http://localhost:${port}`,
    `http://127.0.0.1:${port}`,
  ]).catch((error: unknown) => {
    console.error(
      `The demo identity provider did not start, so the console cannot sign in (set DEMO_OIDC_PORT to a free port): ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  });
  if (!provider) return null;
  return {
    provider,
    env: { OIDC_ISSUER: provider.issuer, OIDC_JWKS_URL: provider.jwksUrl, OIDC_AUDIENCE: provider.audience },
  };
}

/**
 * Builds the console (outside production: esbuild is a build tool; production serves what `npm run build` made) and
 * mounts it at /console. Call after configureApp and before listen. CONSOLE_OIDC_CLIENT_ID names the console's
 * client at the provider (default `console`); the resource it asks for is OIDC_AUDIENCE.
 */
export async function prepareConsole(
  app: INestApplication,
  config: AppConfig,
  env: Env,
  build = env.NODE_ENV !== 'production',
): Promise<void> {
  const buildDir = CONSOLE_BUILD_DIR;
  if (build) await buildConsole(buildDir);
  else if (!existsSync(path.join(buildDir, 'assets/console.js')))
    throw new Error('The console is not built: run `npm run build` before `npm run start:prod`.');
  const idp = config.identityProvider;
  mountConsole(app, {
    issuer: idp?.issuer ?? null,
    clientId: env.CONSOLE_OIDC_CLIENT_ID ?? 'console',
    resource: idp?.audience ?? null,
    buildDir,
  });
}
