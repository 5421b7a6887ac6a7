/**
 * `npm run bench -- --only rebuild`, `--only audit`, `--only roster`, `--only class-texting` or `--only inbox` (with
 * `--quick` for the small dataset; the last two with `--repeat N`, see workflow-figures.ts): one figure alone, on the
 * same seeded dataset and the same code path as the full run (figure 3: rebuild beside its ceiling; figure 4: audit
 * replay; figure 8: the OneRoster import, three bundles one after another), so a change to one of them can be
 * measured in a few minutes, several times. Prints the figure as
 * JSON; writes no results file (the full run's table stays the full run's).
 */
import path from 'node:path';
import { ProjectionRunner } from '../src/projections/runner/projection-runner';
import { auditReplay } from './audit-replay.bench';
import { runDispatcherFigure } from './dispatcher-figure';
import { auditRouteAB } from './audit-route-ab';
import { rebuildCeiling, rebuildReadModels } from './rebuild.bench';
import { rosterImportRate } from './roster-import.bench';
import { MemorySampler, mb } from './support/memory';
import { startProfile } from './support/profile';
import { startBenchApp } from './support/app';
import { auditStudentIndex, districtId, districtOfStudent, FULL_PLAN, QUICK_PLAN, studentId } from './support/dataset';
import { cpuPer, cpuSnapshot } from './support/cpu';
import { startBenchDatabase } from './support/postgres';
import { machineFacts } from './support/report';
import { seedInChild } from './support/seed';
import { round } from './support/stats';
import { runWorkflowFigure, WORKFLOW_FIGURES, type WorkflowFigure } from './workflow-figures';
import { Client } from 'pg';

export const SINGLE_FIGURES = ['rebuild', 'audit', 'roster', 'dispatcher', ...WORKFLOW_FIGURES] as const;
export type SingleFigure = (typeof SINGLE_FIGURES)[number];

export async function runSingleFigure(
  figure: SingleFigure,
  quick: boolean,
  log: (line: string) => void,
  repeat = 1,
): Promise<void> {
  const plan = quick ? QUICK_PLAN : FULL_PLAN;
  const db = await startBenchDatabase();
  const machine = machineFacts(db.settings);
  log(
    `--only ${figure} (${quick ? 'quick' : 'full'} dataset): ${machine.cores} cores, Node ${machine.nodeVersion}; load average ${machine.loadAverageAtStart.join(' ')}`,
  );
  try {
    const seeded = await seedInChild(db.url, quick ? 'quick' : 'full');
    log(`seeded ${seeded.events} events in ${(seeded.ms / 1000).toFixed(1)} s`);
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('VACUUM (ANALYZE) events, streams');
    await admin.query('CHECKPOINT');
    await admin.end();
    if (figure === 'dispatcher') return await runDispatcherFigure(db.url, plan, { quick, log });
    const app = await startBenchApp(db.url, {}, { manualReactions: true });
    try {
      if ((WORKFLOW_FIGURES as readonly string[]).includes(figure)) {
        await runWorkflowFigure(figure as WorkflowFigure, app, db.url, plan, { quick, repeat, log });
      } else if (figure === 'rebuild') {
        const ceiling = await rebuildCeiling(db.url);
        log(`  ceiling ${round(ceiling.eventsPerSecond, 0)} events/s (${ceiling.seconds.toFixed(1)} s)`);
        const cpu = cpuSnapshot();
        const rebuilt = await rebuildReadModels(app.app.get(ProjectionRunner));
        const cpuMsPerEvent = cpuPer(cpu, cpuSnapshot(), rebuilt.events);
        const ratio = round(rebuilt.eventsPerSecond / ceiling.eventsPerSecond, 3);
        log(
          `  rebuild ${round(rebuilt.eventsPerSecond, 0)} events/s (${rebuilt.events} events in ${rebuilt.seconds.toFixed(1)} s), ratio ${ratio}; CPU per event: service ${cpuMsPerEvent.nodeMs} ms, PostgreSQL ${cpuMsPerEvent.postgresMs} ms`,
        );
        log(
          `  parts (s): ${Object.entries(rebuilt.parts)
            .map(([part, s]) => `${part} ${s}`)
            .join(', ')}`,
        );
        console.log(JSON.stringify({ figure, ceiling, rebuilt, ratio, cpuMsPerEvent }));
      } else if (figure === 'roster') {
        // As in the full run (figure 8), each bundle into a district of its own; three, to show the spread.
        const students = quick ? 2_000 : 10_000;
        const runs = [];
        for (let i = 0; i < 3; i++) {
          const cpu = cpuSnapshot();
          const memory = new MemorySampler();
          memory.start();
          const before = process.memoryUsage();
          const run = await rosterImportRate(app, { students, perStudent: 2, prefix: `bench-or${i}` });
          memory.stop();
          const cpuMsPerStudent = cpuPer(cpu, cpuSnapshot(), run.students);
          const rssMb = { before: mb(before.rss), peak: mb(memory.peak), heapBefore: mb(before.heapTotal) };
          runs.push({ ...run, cpuMsPerStudent, rssMb, peakHeapTotalMb: mb(memory.peakHeapTotal) });
          log(
            `  ${run.students} students, ${run.enrollments} enrollments in ${run.seconds} s: ${run.studentsPerMinute} students a minute (rejected ${run.rejected}); CPU per student: service ${cpuMsPerStudent.nodeMs} ms, PostgreSQL ${cpuMsPerStudent.postgresMs} ms; RSS ${rssMb.before} -> peak ${rssMb.peak} MB, heap ${rssMb.heapBefore} -> peak ${mb(memory.peakHeapTotal)} MB`,
          );
        }
        console.log(JSON.stringify({ figure, runs }));
      } else {
        const idx = auditStudentIndex(plan);
        const profile = process.env.BENCH_CPU_PROFILE ? await startProfile() : undefined;
        const cpu = cpuSnapshot();
        const audit = await auditReplay(app.app, studentId(idx), districtId(districtOfStudent(plan, idx)), {
          calls: quick ? 20 : 40,
          budgetMs: 20_000,
        });
        if (profile) await profile(path.join(process.env.BENCH_CPU_PROFILE!, 'audit.cpuprofile'));
        // Includes the two warm-up calls: CPU per call moves much less than the latencies on a shared machine.
        const cpuMsPerCall = cpuPer(cpu, cpuSnapshot(), audit.calls + 2);
        log(
          `  CPU per call (history and as-of alike): service ${cpuMsPerCall.nodeMs} ms, PostgreSQL ${cpuMsPerCall.postgresMs} ms`,
        );
        log(
          `  history p50 / p99 ${audit.historyP50Ms} / ${audit.historyP99Ms} ms, as-of now ${audit.asOfNowP50Ms} / ${audit.asOfNowP99Ms} ms, as-of mid ${audit.asOfMidP50Ms} / ${audit.asOfMidP99Ms} ms; GC ${audit.gc.pauses} pauses, ${audit.gc.totalMs} ms, longest ${audit.gc.maxMs} ms`,
        );
        const ab = await auditRouteAB(app.app, studentId(idx), districtId(districtOfStudent(plan, idx)), 30);
        for (const v of ab)
          log(`  ${v.variant}: p50 / p99 ${v.p50Ms} / ${v.p99Ms} ms, service CPU ${v.nodeCpuMsPerCall} ms a call`);
        console.log(JSON.stringify({ figure, audit, cpuMsPerCall, ab }));
      }
    } finally {
      await app.close();
    }
  } finally {
    await db.stop();
  }
}
