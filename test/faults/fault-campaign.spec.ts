import { SHUTDOWN_TIMED_OUT_EXIT_CODE } from '../../src/infrastructure/shutdown-watchdog';
import { Client } from 'pg';
import { mintToken } from '../../src/infrastructure/auth/token.service';
import { loadConfig } from '../../src/infrastructure/config/app-config';
import { freePort } from '../../src/infrastructure/database/embedded-postgres';
import { ACCOUNT_SID, AUTH_TOKEN, twilioEnv } from '../support/twilio-standin/twilio-standin.config';
import { TwilioStandin } from '../support/twilio-standin/twilio-standin.server';
import { FaultPostgres } from './support/fault-postgres';
import { ServiceProcess } from '../support/service-process';
import { answers, burst, retryAll, tally, type BurstTarget, type Sent } from './support/sms-burst';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The service's database timeouts in this campaign (README: Configuration); a 503 must come within their sum. */
const TIMEOUTS = { DB_STATEMENT_TIMEOUT_MS: '2000', DB_LOCK_TIMEOUT_MS: '1000', DB_CONNECT_TIMEOUT_MS: '2000' };
const ANSWER_BOUND_MS = 8_000;
const STUDENTS = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'];

/** A zone where it is early afternoon now, so quiet hours (08:00-21:00) never hold a text back whenever this runs. */
function afternoonZone(): string {
  const offset = 13 - new Date().getUTCHours(); // -10 .. 13
  const clamped = Math.max(-11, Math.min(12, offset));
  return clamped === 0 ? 'Etc/UTC' : `Etc/GMT${clamped > 0 ? '-' : '+'}${Math.abs(clamped)}`;
}

async function waitHealthy(baseUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => null))?.ok) return;
    await sleep(200);
  }
  throw new Error('the service did not report healthy again');
}

/**
 * The fault campaign: the real service as a child process on a PostgreSQL of its own, texting through the real
 * Twilio SDK to the stand-in, while the service is killed, PostgreSQL is killed and restarted, and PostgreSQL is
 * frozen. Every acknowledged text must be recorded once and sent once; no answer may be a 5xx other than the
 * documented 503, and the service must survive every database fault.
 */
describe('fault campaign (service kill -9, PostgreSQL kill -9 and restart, PostgreSQL frozen)', () => {
  let pg: FaultPostgres;
  let standin: TwilioStandin;
  let service: ServiceProcess;
  let target: BurstTarget;
  const figures: {
    fault: string;
    requests: number;
    outcomes: ReturnType<typeof tally>;
    answers: Record<string, number>;
    slowestMs: number;
  }[] = [];
  const all: Sent[] = [];
  const summary: Record<string, number> = {};

  const record = (fault: string, sent: Sent[]) => {
    all.push(...sent);
    figures.push({
      fault,
      requests: sent.length,
      outcomes: tally(sent),
      answers: answers(sent),
      slowestMs: Math.max(0, ...sent.map((s) => s.ms)),
    });
  };

  beforeAll(async () => {
    pg = await FaultPostgres.start();
    standin = await TwilioStandin.start({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    standin.callbackMode = 'none';
    const port = await freePort();
    const publicBase = `http://127.0.0.1:${port}`;
    service = new ServiceProcess(port, {
      ...twilioEnv(standin, publicBase),
      ...TIMEOUTS,
      DATABASE_URL: pg.url,
      NODE_ENV: 'development',
      JWT_SECRET: '',
      LOG_LEVEL: 'warn',
      DEFAULT_DISTRICT_ID: 'd1',
      DEMO_DISTRICT: 'off',
      SMS_RATE_PER_SECOND: '200',
      SMS_RETRY_BASE_MS: '50',
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
    await service.start();
    const config = loadConfig({ NODE_ENV: 'development' });
    const token = (role: 'sis' | 'school_admin' | 'teacher', sub: string) =>
      mintToken(config, { sub, role, district: 'd1', ...(role === 'teacher' ? { initials: 'A.Bell' } : {}) });
    const call = async (method: string, path: string, who: string, body: unknown) => {
      const r = await fetch(`${service.baseUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${who}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    };
    await call('PUT', '/v1/districts/d1/sms-policy', token('school_admin', 'adm'), {
      smsAllowed: true,
      timeZone: afternoonZone(),
      quietHours: { start: '08:00', end: '21:00' },
      allowedLinkHosts: [],
    });
    for (const [i, id] of STUDENTS.entries()) {
      await call('POST', '/v1/students', token('sis', 'sis'), {
        studentId: id,
        firstName: 'Sam',
        lastName: 'Lee',
        smsNumber: `+1201555020${i}`,
      });
      await call('POST', `/v1/students/${id}/enrollments`, token('sis', 'sis'), {
        enrollmentId: `e-${id}`,
        courseId: 'bio',
        courseName: 'Biology',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn: '2026-09-01',
      });
    }
    target = { baseUrl: service.baseUrl, token: token('teacher', 't-bell'), students: STUDENTS };
  }, 180_000);

  afterAll(async () => {
    const rows = figures.map((f) => ({
      fault: f.fault,
      requests: f.requests,
      ...f.outcomes,
      slowestMs: f.slowestMs,
      answers: JSON.stringify(f.answers),
    }));
    console.log('fault campaign figures');
    console.table(rows);
    console.log(`fault campaign totals: ${JSON.stringify(summary)}`);
    await service?.kill9();
    await standin?.close();
    await pg?.stop();
  });

  it('service kill -9 mid-burst, then restart', async () => {
    const sent = await burst(
      target,
      'svc',
      (async () => {
        await sleep(1_500);
        await service.kill9();
        await service.start();
      })(),
      { minimum: 20 },
    );
    record('service kill -9', sent);
    expect(tally(sent).acked).toBeGreaterThan(0);
    expect(tally(sent).other_5xx).toBe(0);
  }, 150_000);

  it('PostgreSQL kill -9 mid-burst: the service survives, answers the documented 503, and recovers after the restart', async () => {
    let healthWhileDown: number | null = null;
    const sent = await burst(
      target,
      'pgkill',
      (async () => {
        await sleep(1_500);
        pg.kill9();
        await sleep(1_000);
        healthWhileDown = (await fetch(`${service.baseUrl}/health`, { signal: AbortSignal.timeout(ANSWER_BOUND_MS) }))
          .status;
        await sleep(2_000);
        await pg.restart();
        await waitHealthy(service.baseUrl);
      })(),
      { minimum: 20 },
    );
    record('PostgreSQL kill -9 + restart', sent);
    expect(service.running).toBe(true);
    expect(healthWhileDown).toBe(503);
    expect(tally(sent)).toMatchObject({ other_5xx: 0, refused: 0, no_answer: 0 });
    expect(tally(sent).documented_503).toBeGreaterThan(0);
  }, 150_000);

  it('PostgreSQL frozen 10 s: 503 within the timeouts meanwhile, full service after the thaw', async () => {
    let healthWhileFrozen: number | null = null;
    const sent = await burst(
      target,
      'pgstop',
      (async () => {
        await sleep(1_000);
        pg.freeze();
        await sleep(3_000);
        healthWhileFrozen = (await fetch(`${service.baseUrl}/health`, { signal: AbortSignal.timeout(ANSWER_BOUND_MS) }))
          .status;
        await sleep(7_000);
        pg.thaw();
        await waitHealthy(service.baseUrl);
      })(),
      { minimum: 20 },
    );
    record('PostgreSQL frozen 10 s', sent);
    expect(service.running).toBe(true);
    expect(healthWhileFrozen).toBe(503);
    expect(tally(sent)).toMatchObject({ other_5xx: 0, refused: 0, no_answer: 0 });
    expect(tally(sent).documented_503).toBeGreaterThan(0);
    expect(Math.max(...sent.map((s) => s.ms))).toBeLessThan(ANSWER_BOUND_MS);
  }, 150_000);

  it('loses no acknowledged text, records none twice and sends none twice', async () => {
    // Every request the faults cut short is retried with its own idempotency key, as a client would.
    const retried = await retryAll(
      target,
      all.filter((s) => s.outcome !== 'acked'),
    );
    figures.push({
      fault: 'retries after recovery',
      requests: retried.length,
      outcomes: tally(retried),
      answers: answers(retried),
      slowestMs: Math.max(0, ...retried.map((s) => s.ms)),
    });
    expect(retried.filter((s) => s.outcome !== 'acked')).toEqual([]);
    expect(all.filter((s) => s.outcome === 'other_5xx' || s.outcome === 'other_4xx')).toEqual([]);

    const db = new Client({ connectionString: pg.url });
    await db.connect();
    const { rows } = await db.query<{ key: string; n: number }>(
      `SELECT data->>'idempotencyKey' AS key, count(*)::int AS n FROM events WHERE type = 'SmsQueued' GROUP BY 1`,
    );
    await db.end();
    const recorded = new Map(rows.map((r) => [r.key, r.n]));
    const keys = all.map((s) => s.key);
    expect(keys.filter((k) => recorded.get(k) !== 1)).toEqual([]);
    expect(recorded.size).toBe(keys.length);

    // Every text reaches the provider exactly once (the dispatcher resumes from its checkpoint after each fault).
    const bodies = new Set(all.map((s) => s.body));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && new Set(standin.createRequests.map((r) => r.body)).size < bodies.size)
      await sleep(250);
    const counts = new Map<string, number>();
    for (const r of standin.createRequests) counts.set(r.body, (counts.get(r.body) ?? 0) + 1);
    figures.push({
      fault: 'texts at the provider',
      requests: standin.createRequests.length,
      outcomes: tally([]),
      answers: {},
      slowestMs: 0,
    });
    const acked = new Set([...all, ...retried].filter((s) => s.outcome === 'acked').map((s) => s.key));
    summary.acknowledged = acked.size;
    summary.lost = [...acked].filter((k) => !recorded.has(k)).length;
    summary.recordedTwice = [...recorded.values()].filter((n) => n > 1).length;
    summary.sentTwice = [...counts.values()].filter((n) => n > 1).length;
    summary.notSent = [...bodies].filter((b) => !counts.has(b)).length;
    summary.other5xx = [...all, ...retried].filter((s) => s.outcome === 'other_5xx').length;
    expect([...bodies].filter((b) => counts.get(b) !== 1)).toEqual([]);
    expect(standin.createRequests.length).toBe(bodies.size);
    expect(summary).toMatchObject({ lost: 0, recordedTwice: 0, sentTwice: 0, notSent: 0, other5xx: 0 });

    // The projections resumed from their checkpoints after every fault: each recorded text is in its thread once.
    let health: { status?: string; projections?: { lag: number; stuck: unknown[] }[] } = {};
    const caughtUp = Date.now() + 30_000;
    while (Date.now() < caughtUp) {
      health = (await (await fetch(`${service.baseUrl}/health`)).json()) as typeof health;
      if (health.projections?.every((p) => p.lag === 0)) break;
      await sleep(250);
    }
    expect(health).toMatchObject({ status: 'ok' });
    expect(health.projections!.map((p) => p.lag)).toEqual(health.projections!.map(() => 0));
    const check = new Client({ connectionString: pg.url });
    await check.connect();
    const threads = await check.query<{ n: number; distinct_bodies: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT body)::int AS distinct_bodies FROM thread_messages WHERE body LIKE 'Reminder %'`,
    );
    await check.end();
    expect(threads.rows[0]).toEqual({ n: keys.length, distinct_bodies: keys.length });
  }, 120_000);

  it('stops cleanly on SIGTERM, even while PostgreSQL shuts down at the same moment (57P01 on every connection)', async () => {
    pg.fastShutdown();
    await service.terminate();
    const last = service.exits[service.exits.length - 1]!;
    // A clean stop, or the bounded one (main.ts): after its grace period a stop still waiting on the vanished
    // database ends with its own code and a sentence. Never a crash, never a process left running.
    const bounded = last.code === SHUTDOWN_TIMED_OUT_EXIT_CODE && /did not finish stopping/.test(service.output);
    if (bounded)
      console.log(
        `[fault campaign] SIGTERM with PostgreSQL going down: the stop needed the shutdown grace period: ${/The service did not finish stopping[^\n]*/.exec(service.output)?.[0] ?? ''}`,
      );
    expect(last.code === 0 || last.signal === 'SIGTERM' || bounded).toBe(true);
    expect(service.output).not.toMatch(/57P01|Unhandled|uncaught/i);
    // Only the test's own kills ended a run.
    expect(service.exits.every((e) => e.killedByTest)).toBe(true);
  }, 60_000);
});
