/**
 * Figure 7, scale: with the full dataset loaded (100,000 students, 1,000,000 events, read models rebuilt), a teacher's
 * Current Enrollments screen and a teacher opening her thread with a student, over HTTP one request at a time
 * (autocannon, one connection, child process): p99 latency of each. The thread read also writes its FERPA access
 * record, as it does in production. Beside it, the database's own share: EXPLAIN ANALYZE of the two read-model
 * queries (the same SQL TypeORM issues), to show whether an index is what is missing.
 * Issue 16: a teacher's inbox (GET /v1/me/inbox, first page of 25 of her ~200 students' threads), see inboxReads.
 */
import { Client } from 'pg';
import { runLoad, type LoadRequest } from './support/load-worker';
import { round, summarize } from './support/stats';

export interface ScaleFigure {
  enrollmentsP99Ms: number;
  enrollmentsP50Ms: number;
  threadP99Ms: number;
  threadP50Ms: number;
  requests: number;
  non2xx: number;
  /** Server-side execution time and plan of each query (EXPLAIN ANALYZE, one sample each). */
  database: Record<string, { executionMs: number; plan: string }>;
}

export async function scaleReads(
  baseUrl: string,
  enrollments: LoadRequest[],
  threads: LoadRequest[],
  opts: { amount: number },
): Promise<Omit<ScaleFigure, 'database'>> {
  const job = {
    url: baseUrl,
    connections: 1,
    durationS: 60,
    amount: opts.amount,
    order: 'random' as const,
    keyPrefix: 'scale',
  };
  const e = await runLoad({ ...job, requests: enrollments });
  const t = await runLoad({ ...job, requests: threads });
  const es = summarize(e.latencies);
  const ts = summarize(t.latencies);
  return {
    enrollmentsP99Ms: es.p99,
    enrollmentsP50Ms: es.p50,
    threadP99Ms: ts.p99,
    threadP50Ms: ts.p50,
    requests: e.ok + t.ok + e.non2xx + t.non2xx,
    non2xx: e.non2xx + t.non2xx,
  };
}

export interface InboxFigure {
  /** Each teacher's first look (the list records each line's access once per message shown: up to 25 appends). */
  coldP99Ms: number;
  /** Afterwards, as a teacher polls: nothing new to record. */
  p99Ms: number;
  p50Ms: number;
  non2xx: number;
}

/** The inbox of every teacher once in order (cold), then `amount` random ones (warm), one request at a time. */
export async function inboxReads(
  baseUrl: string,
  inbox: LoadRequest[],
  opts: { amount: number },
): Promise<InboxFigure> {
  const job = { url: baseUrl, connections: 1, durationS: 60, keyPrefix: 'inbox', requests: inbox };
  const cold = await runLoad({ ...job, order: 'sequence' });
  const warm = await runLoad({ ...job, order: 'random', amount: opts.amount });
  const c = summarize(cold.latencies);
  const w = summarize(warm.latencies);
  return { coldP99Ms: c.p99, p99Ms: w.p99, p50Ms: w.p50, non2xx: cold.non2xx + warm.non2xx };
}

export async function scaleQueryPlans(
  url: string,
  q: { districtId: string; teacherId: string; studentId: string },
): Promise<ScaleFigure['database']> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const explain = async (sql: string, params: unknown[]) => {
      const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, params);
      const lines = rows.map((r) => r['QUERY PLAN']);
      const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.join('\n'))?.[1] ?? NaN);
      return {
        executionMs: round(ms, 3),
        plan: lines
          .filter((l) => !/Time:|Buffers|Planning/.test(l))
          .map((l) => l.trim())
          .join(' | '),
      };
    };
    return {
      currentEnrollments: await explain(
        'SELECT * FROM current_enrollments WHERE district_id = $1 AND teacher_id = $2 ORDER BY course_name, student_first_name, enrollment_id LIMIT 1000',
        [q.districtId, q.teacherId],
      ),
      threadMessages: await explain(
        'SELECT * FROM thread_messages WHERE student_id = $1 AND staff_id = $2 ORDER BY position',
        [q.studentId, q.teacherId],
      ),
    };
  } finally {
    await db.end();
  }
}

/**
 * The thread read's floor: it writes its FERPA access record (one durable append) before it answers. This is the
 * latency of one durable single-row INSERT transaction with pg, one at a time, on the same server: p50 and p99 ms.
 */
export async function durableCommitLatency(url: string, count: number): Promise<{ p50Ms: number; p99Ms: number }> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    // An ordinary (WAL-logged) table, so each INSERT's commit waits for the WAL flush as an append does.
    await db.query('CREATE TABLE IF NOT EXISTS bench_commit_probe (id bigint, data jsonb)');
    const latencies: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      await db.query({
        name: 'bench_commit_probe',
        text: 'INSERT INTO bench_commit_probe VALUES ($1, $2)',
        values: [i, '{"part":"thread","purpose":null}'],
      });
      latencies.push(performance.now() - t0);
    }
    const s = summarize(latencies);
    return { p50Ms: s.p50, p99Ms: s.p99 };
  } finally {
    await db.query('DROP TABLE IF EXISTS bench_commit_probe').catch(() => undefined);
    await db.end();
  }
}
