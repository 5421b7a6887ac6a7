/**
 * Figure 4, audit replay of one student with 5,000 events, through the compliance query handlers (the application
 * functions behind GET /v1/compliance/students/{id}/history, called on the QueryBus, no HTTP):
 *  - history: GetStudentHistoryJsonQuery with one 5,000-event page (every event, in order, with actor and causation),
 *    read to its last byte: the answer's whole JSON text, as the route streams it (before 2026-12-05 this timed
 *    GetStudentHistoryQuery's objects, not yet serialised);
 *  - as-of: GetRecordAsOfQuery, the record replayed from the event store up to a moment (now, and mid-history); since
 *    2026-12-05 (issue 19) PostgreSQL cuts the stream at the moment and the record is folded from its rows.
 * Each is timed one call at a time after a warm-up call; p99 over the calls.
 */
import type { INestApplication } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  GetRecordAsOfQuery,
  GetStudentHistoryJsonQuery,
  GetStudentHistoryQuery,
} from '../src/application/compliance/compliance.queries';
import type { Actor } from '../src/domain/shared/actor';
import { observeGc, type GcPauses } from './support/gc';
import { summarize, timeSequential } from './support/stats';

export interface AuditFigure {
  events: number;
  p99Ms: number;
  historyP99Ms: number;
  asOfNowP99Ms: number;
  asOfMidP99Ms: number;
  historyP50Ms: number;
  asOfNowP50Ms: number;
  asOfMidP50Ms: number;
  /** Garbage-collection pauses of this process while the calls ran (perf_hooks 'gc' entries): the tail's usual cause. */
  gc: GcPauses;
  calls: number;
  measured: string;
}

export async function auditReplay(
  app: INestApplication,
  studentId: string,
  districtId: string,
  opts: { calls: number; budgetMs: number },
): Promise<AuditFigure> {
  const bus = app.get(QueryBus);
  const actor: Actor = { id: 'compliance-1', role: 'compliance', districtId, initials: 'C.Officer' };
  const history = async () => {
    let bytes = 0;
    for await (const piece of await bus.execute(new GetStudentHistoryJsonQuery(actor, studentId, { limit: 5000 })))
      bytes += piece.length;
    return bytes;
  };
  const first = await bus.execute(new GetStudentHistoryQuery(actor, studentId, { limit: 5000 }));
  await history();
  const events = first.events.length;
  const times = first.events.map((e) => Date.parse(e.metadata.occurredAt));
  const mid = new Date(times[Math.floor(times.length / 2)]!);
  const asOf = (at: Date) => () => bus.execute(new GetRecordAsOfQuery(actor, studentId, at));
  await asOf(new Date())();
  const gcPauses = observeGc();
  const h = summarize(await timeSequential(opts.calls, opts.budgetMs, history));
  const now = summarize(await timeSequential(opts.calls, opts.budgetMs, asOf(new Date())));
  const half = summarize(await timeSequential(opts.calls, opts.budgetMs, asOf(mid)));
  const gc = gcPauses();
  return {
    events,
    p99Ms: Math.max(h.p99, now.p99, half.p99),
    historyP99Ms: h.p99,
    asOfNowP99Ms: now.p99,
    asOfMidP99Ms: half.p99,
    historyP50Ms: h.p50,
    asOfNowP50Ms: now.p50,
    asOfMidP50Ms: half.p50,
    gc,
    calls: h.count + now.count + half.count,
    measured:
      'GetStudentHistoryJsonHandler (read to its last byte) and GetRecordAsOfHandler via the QueryBus (src/application/compliance)',
  };
}
