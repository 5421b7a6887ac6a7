/**
 * Figure 7, scale: with the full dataset loaded (100,000 students, 1,000,000 events, read models rebuilt), a teacher's
 * Current Enrollments screen and a teacher opening her thread with a student, over HTTP one request at a time
 * (autocannon, one connection, child process): p99 latency of each. The thread read also writes its FERPA access
 * record, as it does in production.
 */
import { runLoad, type LoadRequest } from './support/load-worker';
import { summarize } from './support/stats';

export interface ScaleFigure {
  enrollmentsP99Ms: number;
  enrollmentsP50Ms: number;
  threadP99Ms: number;
  threadP50Ms: number;
  requests: number;
  non2xx: number;
}

export async function scaleReads(baseUrl: string, enrollments: LoadRequest[], threads: LoadRequest[], opts: { amount: number }): Promise<ScaleFigure> {
  const job = { url: baseUrl, connections: 1, durationS: 60, amount: opts.amount, order: 'random' as const, keyPrefix: 'scale' };
  const e = await runLoad({ ...job, requests: enrollments });
  const t = await runLoad({ ...job, requests: threads });
  const es = summarize(e.latencies);
  const ts = summarize(t.latencies);
  return {
    enrollmentsP99Ms: es.p99, enrollmentsP50Ms: es.p50, threadP99Ms: ts.p99, threadP50Ms: ts.p50, requests: e.ok + t.ok + e.non2xx + t.non2xx, non2xx: e.non2xx + t.non2xx,
  };
}
