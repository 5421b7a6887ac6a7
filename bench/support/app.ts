/**
 * The service as the tests build it (test/support/test-app.ts): AppModule.forRoot(config) + configureApp, then
 * app.listen on 127.0.0.1 so load tools hit a real socket. The benchmark process hosts it: the memory figure is this
 * process's RSS. Logging stays at info (one JSON line per request, as in production) but goes to /dev/null.
 */
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Role } from '../../src/domain/shared/actor';
import { AppModule } from '../../src/infrastructure/app.module';
import { mintToken } from '../../src/infrastructure/auth/token.service';
import { loadConfig, type AppConfig } from '../../src/infrastructure/config/app-config';
import type { CoreOverrides } from '../../src/infrastructure/core.module';
import { configureApp } from '../../src/infrastructure/http/configure-app';
import { createHttpApp } from '../../src/infrastructure/http/http-app';
import { schoolDayClock } from '../../test/support/test-clock';

export interface BenchApp {
  app: INestApplication;
  config: AppConfig;
  baseUrl: string;
  token(role: Role, sub: string, district: string, extra?: { initials?: string; name?: string }): string;
  close(): Promise<void>;
}

/** The service's settings for the bench: logging at info as in production, rate limits out of the way. */
export function benchConfig(env: Record<string, string>): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    RATE_LIMIT_PER_MINUTE: '1000000',
    DEFAULT_DISTRICT_ID: 'bench-d1',
    SIMULATOR_DELAY_MS: '5',
    ...env,
  });
}

/** Mints bearer tokens the service (or the HTTP floor) built from `config` accepts. */
export const benchToken =
  (config: AppConfig): BenchApp['token'] =>
  (role, sub, district, extra = {}) =>
    mintToken(config, { sub, role, district, ...extra });

export async function startBenchApp(
  databaseUrl: string,
  env: Record<string, string> = {},
  overrides: CoreOverrides = {},
): Promise<BenchApp> {
  const config = benchConfig({ DATABASE_URL: databaseUrl, ...env });
  // Texts respect quiet hours in the student's zone: the clock reads midday in Chicago, whenever the bench runs.
  // BENCH_LOG=1 sends the service's log lines to stdout (diagnosing a failing figure).
  const dest = process.env.BENCH_LOG === '1' ? 1 : '/dev/null';
  const app = await createHttpApp(
    AppModule.forRoot(config, {
      clock: overrides.clock ?? schoolDayClock(),
      logDestination: pino.destination({ dest, sync: false }),
      ...overrides,
    }),
    config,
    { logger: process.env.BENCH_LOG === '1' ? ['error', 'warn', 'log'] : false },
  );
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    token: benchToken(config),
    close: () => app.close(),
  };
}
