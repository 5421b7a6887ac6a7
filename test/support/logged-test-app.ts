import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.port';
import { AppModule } from '../../src/infrastructure/app.module';
import { mintToken } from '../../src/infrastructure/auth/token.service';
import { loadConfig } from '../../src/infrastructure/config/app-config';
import { configureApp } from '../../src/infrastructure/http/configure-app';
import { ProjectionRunner } from '../../src/projections/runner/projection-runner';
import { createTestDatabase } from './database';
import { schoolDayClock } from './test-clock';
import type { TestApp } from './test-app';

/** Every line the service logged, raw, as the real pino logger wrote it. */
export interface LogCapture {
  lines: string[];
  write(line: string): void;
}

export const captureLogs = (): LogCapture => {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(line) };
};

/**
 * The whole service as production runs it, with the real pino logger (nestjs-pino, Nest's own logs routed through
 * it as main.ts does) at `info`, writing into `capture` instead of stdout.
 */
export async function startLoggedTestApp(capture: LogCapture, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase('e2e');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', SIMULATOR_DELAY_MS: '5', DATABASE_URL: db.url, RATE_LIMIT_PER_MINUTE: '100000', DEFAULT_DISTRICT_ID: 'd1', ...env });
  const app = await NestFactory.create(AppModule.forRoot(config, { clock: schoolDayClock(), logDestination: capture }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // main.ts's listen() flushes what Nest buffered while booting; supertest never listens, so flush here.
  app.flushLogs();
  configureApp(app, config);
  await app.init();
  const store = app.get<EventStore>(EVENT_STORE);
  const projections = app.get(ProjectionRunner);
  return {
    app, config, db, store, projections,
    http: request(app.getHttpServer()),
    token: (role, sub, extra = {}) => mintToken(config, { sub, role, district: extra.district ?? 'd1', ...(extra.initials ? { initials: extra.initials } : {}), ...(extra.name ? { name: extra.name } : {}) }),
    async settle() {
      const [last] = (await store.readAll({ maxCount: 1_000_000 })).slice(-1);
      if (last) await projections.waitFor(last.position);
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
