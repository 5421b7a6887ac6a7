import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './console-build';

/** The demo district's OpenID Connect provider (dev/identity-provider/demo-oidc.mjs) as a child process. */
export interface DemoIdentityProvider {
  issuer: string;
  jwksUrl: string;
  audience: string;
  stop(): Promise<void>;
}

export const DEMO_AUDIENCE = 'urn:student-texting:api';
const SCRIPT = path.join(PROJECT_ROOT, 'dev/identity-provider/demo-oidc.mjs');

/**
 * Starts the demo provider on `port`, allowing sign-in redirects back to the console at `consoleOrigins`, and waits
 * until it listens (at most 20 s). Never for production: anyone may sign in as any demo user. It stops with its
 * parent (its stdin closes) or with stop().
 */
export async function startDemoIdentityProvider(port: number, consoleOrigins: string[]): Promise<DemoIdentityProvider> {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT], {
    env: {
      ...process.env,
      DEMO_OIDC_PORT: String(port),
      DEMO_OIDC_CONSOLE_ORIGINS: consoleOrigins.join(','),
      DEMO_OIDC_AUDIENCE: DEMO_AUDIENCE,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The demo identity provider did not start within 20 s: ${output.slice(-500)}`)),
      20_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { issuer: string }).issuer);
      }
    });
    // The library's one warning (in-memory adapter) is expected for a demo; anything else is shown on failure.
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The demo identity provider exited (code ${code}): ${output.slice(-500)}`));
    });
  });
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    audience: DEMO_AUDIENCE,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
