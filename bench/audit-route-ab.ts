/**
 * `--only audit` also compares, in one process and interleaved (so a shared machine's drift falls on both alike),
 * what the history route produces before and after issue 19's changes, up to the answer's last byte:
 *  - history before: GetStudentHistoryQuery's objects, then JSON.stringify with the app's bigint replacer (res.json);
 *  - history now: GetStudentHistoryJsonQuery, the page composed and streamed by PostgreSQL, read to its last byte;
 *  - as-of before: the whole stream read and parsed, each event's time parsed and compared, then the fold
 *    (recordAsOfFromWholeStream, what GetRecordAsOfHandler did for every store before, and does for EventStoreDB);
 *  - as-of now: GetRecordAsOfQuery, the stream cut at the moment by PostgreSQL and folded from its rows;
 * the as-of answers serialised as the route does (JSON.stringify, no replacer), at now and at the history's middle
 * event. Wall time and this process's CPU.
 */
import type { INestApplication } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  GetRecordAsOfQuery,
  GetStudentHistoryJsonQuery,
  GetStudentHistoryQuery,
} from '../src/application/compliance/compliance.queries';
import { recordAsOfFromWholeStream } from '../src/application/compliance/record-as-of.handler';
import { EVENT_STORE, type EventStore } from '../src/application/ports/event-store.port';
import type { Actor } from '../src/domain/shared/actor';
import { bigintReplacer } from '../src/infrastructure/http/bigint-json';
import { round, summarize } from './support/stats';

type Variant = { name: string; run: () => Promise<number> };

export async function auditRouteAB(app: INestApplication, studentId: string, districtId: string, rounds: number) {
  const bus = app.get(QueryBus);
  const actor: Actor = { id: 'compliance-1', role: 'compliance', districtId, initials: 'C.Officer' };
  const page = { limit: 5000 };
  const store = app.get<EventStore>(EVENT_STORE);
  // The middle event's own time, as figure 4 takes it.
  const { events } = await bus.execute(new GetStudentHistoryQuery(actor, studentId, page));
  const mid = new Date(Date.parse(events[Math.floor(events.length / 2)]!.metadata.occurredAt));
  const variants: Variant[] = [
    {
      name: 'history before (objects + res.json replacer)',
      run: async () =>
        JSON.stringify(await bus.execute(new GetStudentHistoryQuery(actor, studentId, page)), bigintReplacer).length,
    },
    {
      name: 'history now (streamed from PostgreSQL)',
      run: async () => {
        let bytes = 0;
        for await (const piece of await bus.execute(new GetStudentHistoryJsonQuery(actor, studentId, page)))
          bytes += piece.length;
        return bytes;
      },
    },
    ...(['now', 'mid'] as const).flatMap((moment): Variant[] => {
      const at = () => (moment === 'now' ? new Date() : mid);
      return [
        {
          name: `as-of ${moment} before (whole stream parsed, cut by Date.parse)`,
          run: async () => JSON.stringify(await recordAsOfFromWholeStream(store, actor, studentId, at())).length,
        },
        {
          name: `as-of ${moment} now (cut in PostgreSQL, folded from the rows)`,
          run: async () => JSON.stringify(await bus.execute(new GetRecordAsOfQuery(actor, studentId, at()))).length,
        },
      ];
    }),
  ];
  // Both as-of paths must give the same bytes on this dataset too, before either is timed.
  for (const at of [mid, new Date()]) {
    const before = JSON.stringify(await recordAsOfFromWholeStream(store, actor, studentId, at));
    const now = JSON.stringify(await bus.execute(new GetRecordAsOfQuery(actor, studentId, at)));
    if (before !== now) throw new Error(`The two as-of answers differ at ${at.toISOString()}`);
  }
  const times = variants.map(() => [] as number[]);
  const cpu = variants.map(() => 0);
  for (const v of variants) await v.run();
  for (let r = 0; r < rounds; r++) {
    for (const [i, v] of variants.entries()) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await v.run();
      times[i]!.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[i]! += (c.user + c.system) / 1000;
    }
  }
  return variants.map((v, i) => {
    const s = summarize(times[i]!);
    return { variant: v.name, p50Ms: s.p50, p99Ms: s.p99, nodeCpuMsPerCall: round(cpu[i]! / rounds, 1) };
  });
}
