/**
 * `--only audit` also compares, in one process and interleaved (so a shared machine's drift falls on both alike),
 * what the history route produced before issue 19 and now, up to the answer's last byte:
 *  - before: GetStudentHistoryQuery's objects, then JSON.stringify with the app's bigint replacer (Express's res.json);
 *  - now: GetStudentHistoryJsonQuery, the page composed and streamed by PostgreSQL, read to its last byte;
 * and the as-of answer serialised with the replacer (before) and without it (now). Wall time and this process's CPU.
 */
import type { INestApplication } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  GetRecordAsOfQuery,
  GetStudentHistoryJsonQuery,
  GetStudentHistoryQuery,
} from '../src/application/compliance/compliance.queries';
import type { Actor } from '../src/domain/shared/actor';
import { bigintReplacer } from '../src/infrastructure/http/bigint-json';
import { round, summarize } from './support/stats';

type Variant = { name: string; run: () => Promise<number> };

export async function auditRouteAB(app: INestApplication, studentId: string, districtId: string, rounds: number) {
  const bus = app.get(QueryBus);
  const actor: Actor = { id: 'compliance-1', role: 'compliance', districtId, initials: 'C.Officer' };
  const page = { limit: 5000 };
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
    {
      name: 'as-of before (res.json replacer)',
      run: async () =>
        JSON.stringify(await bus.execute(new GetRecordAsOfQuery(actor, studentId, new Date())), bigintReplacer).length,
    },
    {
      name: 'as-of now (no replacer)',
      run: async () => JSON.stringify(await bus.execute(new GetRecordAsOfQuery(actor, studentId, new Date()))).length,
    },
  ];
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
