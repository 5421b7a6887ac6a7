import type { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.port';
import type { Role } from '../../src/domain/shared/actor';
import { AppModule, type AppOverrides } from '../../src/infrastructure/app.module';
import { mintToken } from '../../src/infrastructure/auth/token.service';
import { loadConfig, type AppConfig } from '../../src/infrastructure/config/app-config';
import { configureApp } from '../../src/infrastructure/http/configure-app';
import { createHttpApp, initHttpApp } from '../../src/infrastructure/http/http-app';
import { ProjectionRunner } from '../../src/projections/runner/projection-runner';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiClient, type ApiClient } from '../../client';
import { contractCheckedAgent, contractProblems, validatorFor } from './contract-checked-agent';
import { createTestDatabase, type TestDatabase } from './database';
import type { OpenApiResponseValidator } from './openapi-response-validator';
import { schoolDayClock } from './test-clock';

export interface TestApp {
  app: INestApplication;
  /** supertest on the app; every answer is also checked against the app's OpenAPI document (contract-checked-agent.ts). */
  http: TestAgent;
  /** The app's own OpenAPI document (/docs-json), as the validator every answer is checked with. */
  contract: OpenApiResponseValidator;
  /**
   * The generated typed client (client/) as a portal would use it, over real HTTP (the app listens on a local port on
   * first use); every answer is checked against the document as the agent's are.
   */
  client(token: string): Promise<ApiClient>;
  config: AppConfig;
  db: TestDatabase;
  store: EventStore;
  projections: ProjectionRunner;
  /** A bearer token for a person of this role in this district. */
  token(role: Role, sub: string, extra?: { district?: string; initials?: string; name?: string }): string;
  /** Waits until every projection has caught up with everything appended so far. */
  settle(): Promise<void>;
  /**
   * How many events the record holds (those `keep` accepts), counted after settle(): an event just committed can be
   * briefly unreadable while an older transaction (a projection's write) is still open, and would otherwise show up
   * later as if a refused request had appended it.
   */
  eventCount(keep?: (type: string) => boolean): Promise<number>;
  close(): Promise<void>;
}

/** The whole service (HTTP, guards, filters, projections, dispatcher) on a fresh real PostgreSQL database. */
/** `beforeInit` mounts what must come before the API's routes (the console: test/browser). */
export async function startTestApp(
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
  sharedDb?: TestDatabase,
  beforeInit?: (app: INestApplication, config: AppConfig) => void | Promise<void>,
): Promise<TestApp> {
  // A second replica on the same database (sharedDb) leaves dropping it to the first.
  const db = sharedDb ?? (await createTestDatabase('e2e'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SIMULATOR_DELAY_MS: '5',
    DATABASE_URL: db.url,
    RATE_LIMIT_PER_MINUTE: '100000',
    DEFAULT_DISTRICT_ID: 'd1',
    ...env,
  });
  // Texts respect quiet hours in the student's zone: by default the app's clock reads midday, whenever the suite runs.
  const logged = overrides.logDestination !== undefined;
  const app = await createHttpApp(
    AppModule.forRoot(config, { clock: schoolDayClock(), ...overrides }),
    config,
    logged ? { bufferLogs: true } : { logger: false },
  );
  if (logged) {
    // As main.ts does: Nest's own logs go through pino. main's listen() flushes the boot buffer; supertest never listens.
    app.useLogger(app.get(Logger));
    app.flushLogs();
  }
  configureApp(app, config);
  await beforeInit?.(app, config);
  await initHttpApp(app);
  const store = app.get<EventStore>(EVENT_STORE);
  const projections = app.get(ProjectionRunner);
  const contract = validatorFor((await request(app.getHttpServer()).get('/docs-json').expect(200)).body as object);
  let baseUrl: Promise<string> | undefined;
  const testApp: TestApp = {
    app,
    config,
    db,
    store,
    projections,
    contract,
    http: contractCheckedAgent(request(app.getHttpServer()), contract),
    async client(token) {
      const server = app.getHttpServer() as Server;
      baseUrl ??= (server.listening ? Promise.resolve() : app.listen(0, '127.0.0.1')).then(
        () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      );
      return createApiClient({ baseUrl: await baseUrl, token, fetch: (req) => checkedFetch(contract, req) });
    },
    token: (role, sub, extra = {}) =>
      mintToken(config, {
        sub,
        role,
        district: extra.district ?? 'd1',
        ...(extra.initials ? { initials: extra.initials } : {}),
        ...(extra.name ? { name: extra.name } : {}),
      }),
    async settle() {
      // An event can be committed yet briefly unreadable while an older transaction (a reaction's append) is still
      // open: wait until the end of the log stays put across a short pause, then for the projections to reach it.
      let previous: bigint | undefined;
      for (;;) {
        const [last] = (
          await store.readAll(
            previous === undefined ? { maxCount: 1_000_000 } : { after: previous, maxCount: 1_000_000 },
          )
        ).slice(-1);
        if (!last) break;
        previous = last.position;
        await new Promise((r) => setTimeout(r, 30));
      }
      if (previous !== undefined) await projections.waitFor(previous);
    },
    async eventCount(keep = () => true) {
      await testApp.settle();
      return (await store.readAll({ maxCount: 1_000_000 })).filter((e) => keep(e.type)).length;
    },
    async close() {
      await app.close();
      if (!sharedDb) await db.drop();
    },
  };
  return testApp;
}

/** fetch, then the answer's conformance to the document; a mismatch throws, so the client call (and test) fails. */
export async function checkedFetch(contract: OpenApiResponseValidator, req: Request): Promise<Response> {
  const res = await fetch(req);
  const type = res.headers.get('content-type') ?? undefined;
  const text = await res.clone().text();
  let body: unknown = text;
  if (type?.startsWith('application/json') && text !== '') body = JSON.parse(text);
  const problems = contractProblems(contract, req.method, req.url, res.status, type, body);
  if (problems.length > 0)
    throw new Error(`The answer does not conform to the OpenAPI document:\n${problems.join('\n')}`);
  return res;
}

/** Retries an assertion until it holds (for effects that go through the dispatcher and the simulator). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
