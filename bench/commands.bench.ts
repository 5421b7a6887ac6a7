/**
 * Figure 1, commands over HTTP: SendSms through the whole path (JWT, validation, CQRS bus, per-stream lock, load
 * the stream, decide, append) driven by autocannon from a child process, to students with 200-event histories.
 * Ceiling, in the same run at the same concurrency: raw single-event INSERT transactions into the same events table
 * with plain pg (one connection per load connection, each inserting as fast as answers come).
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { runLoad, type LoadRequest, type LoadResult } from './support/load-worker';
import { round, summarize } from './support/stats';

export interface CommandRun {
  connections: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  non2xx: number;
  statuses: Record<string, number>;
  ceilingPerSecond: number;
  ceilingP99Ms: number;
  ratio: number;
  /** CPU ms per command: this process (the service) and every PostgreSQL process, see support/cpu.ts. */
  cpuMsPerCommand?: { nodeMs: number; postgresMs: number };
}

const DATA = JSON.stringify({
  studentId: 's000000',
  messageId: randomUUID(),
  enrollmentId: 'e000000-1',
  staffId: 't0000',
  to: '+12015550000',
  body: 'Reminder: the unit 4 project is due Friday. Reply here if you want to talk it through.',
  idempotencyKey: 'k',
  scheduledFor: null,
});
const META = JSON.stringify({
  actor: { id: 't0000', role: 'teacher', districtId: 'bench-d1', initials: 'A.Bell', name: 'Amy Bell' },
  correlationId: randomUUID(),
  causationId: randomUUID(),
  command: 'SendSms',
  occurredAt: new Date().toISOString(),
});

/** The ceiling's rows are typed apart and deleted afterwards, so no projection or figure ever sees them. */
export const CEILING_EVENT_TYPE = 'BenchCeilingInsert';

export async function insertCeiling(
  url: string,
  connections: number,
  seconds: number,
): Promise<{ perSecond: number; p99Ms: number }> {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const latencies: number[] = [];
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  try {
    await Promise.all(
      clients.map(async (c, k) => {
        for (let i = 0; performance.now() < deadline; i++) {
          const s = performance.now();
          await c.query({
            name: 'bench_ceiling_insert',
            text: `INSERT INTO events (position, tx_id, stream_id, revision, event_id, type, data, metadata)
                 VALUES (pg_current_xact_id()::text::bigint * 1048576, pg_current_xact_id(), $1, 0, gen_random_uuid(), '${CEILING_EVENT_TYPE}', $2, $3)`,
            values: [`bench-ceiling-${k}-${i}-${randomUUID()}`, DATA, META],
          });
          latencies.push(performance.now() - s);
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    return { perSecond: latencies.length / elapsed, p99Ms: summarize(latencies).p99 };
  } finally {
    await clients[0]!.query(`DELETE FROM events WHERE type = '${CEILING_EVENT_TYPE}'`).catch(() => undefined);
    await Promise.all(clients.map((c) => c.end()));
  }
}

export async function sendSmsLoad(
  baseUrl: string,
  requests: LoadRequest[],
  opts: {
    connections: number;
    seconds: number;
    tag: string;
    amount?: number;
    rate?: number;
    order?: 'random' | 'sequence';
  },
): Promise<LoadResult> {
  return runLoad({
    url: baseUrl,
    connections: opts.connections,
    durationS: opts.seconds,
    order: opts.order ?? 'random',
    keyPrefix: `bench-${opts.tag}-${Date.now()}`,
    requests,
    ...(opts.amount !== undefined ? { amount: opts.amount } : {}),
    ...(opts.rate !== undefined ? { overallRate: opts.rate } : {}),
  });
}

export function commandRun(
  connections: number,
  load: LoadResult,
  ceiling: { perSecond: number; p99Ms: number },
): CommandRun {
  const lat = summarize(load.latencies);
  const perSecond = load.ok / load.durationS;
  return {
    connections,
    perSecond: round(perSecond, 0),
    p50Ms: lat.p50,
    p99Ms: lat.p99,
    ok: load.ok,
    non2xx: load.non2xx,
    statuses: load.statuses,
    ceilingPerSecond: round(ceiling.perSecond, 0),
    ceilingP99Ms: round(ceiling.p99Ms),
    ratio: round(perSecond / ceiling.perSecond, 3),
  };
}

/** The headline: the fastest run whose p99 meets the target, else the fastest run. */
export function headline(runs: CommandRun[], p99TargetMs: number): CommandRun {
  const meeting = runs.filter((r) => r.p99Ms <= p99TargetMs && r.non2xx === 0);
  const pool = meeting.length > 0 ? meeting : runs;
  return pool.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
}
