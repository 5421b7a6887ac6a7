/**
 * The full run's figures on the log and the read models (bench/full-run.ts): figure 3, the rebuild beside its ceiling;
 * figure 7, reads at the 100,000-student scale (current enrollments, a thread, a teacher's inbox) beside the database's
 * own plans and one durable commit; figure 4, the audit replay of the 5,000-event student.
 */
import { ProjectionRunner } from '../src/projections/runner/projection-runner';
import { auditReplay } from './audit-replay.bench';
import { rebuildCeiling, rebuildReadModels } from './rebuild.bench';
import { durableCommitLatency, inboxReads, scaleQueryPlans, scaleReads } from './scale.bench';
import {
  auditStudentIndex,
  districtId,
  districtOfStudent,
  studentId,
  teacherId,
  teachersOfStudent,
} from './support/dataset';
import { fmt } from './support/report';
import { enrollmentRequests, inboxRequests, threadRequests } from './support/requests';
import type { FullRun } from './run-config';

/** Figure 3's ceiling: the log read and written back one row per event, the least any rebuild must do. */
export async function rebuildCeilingFigure({ dbUrl, log }: FullRun) {
  log('rebuild ceiling: read the log, multi-row INSERT one row per event...');
  const ceiling = await rebuildCeiling(dbUrl);
  log(`  ceiling ${fmt(ceiling.eventsPerSecond)} events/s (${ceiling.seconds.toFixed(1)} s)`);
  return ceiling;
}

/** Figure 3: every read model rebuilt from the whole log. */
export async function rebuildFigure({ app, log }: FullRun) {
  log('rebuild: ProjectionRunner.rebuild() of every read model...');
  const rebuilt = await rebuildReadModels(app.app.get(ProjectionRunner));
  log(
    `  rebuild ${fmt(rebuilt.eventsPerSecond)} events/s (${fmt(rebuilt.events)} events in ${rebuilt.seconds.toFixed(1)} s)`,
  );
  return rebuilt;
}

/** Figure 7: the teacher's screens over HTTP, one request at a time, and what the database needs for them. */
export async function scaleFigure({ app, dbUrl, plan, cfg, log }: FullRun, tokens: string[]) {
  log('scale: current enrollments and thread reads, one at a time...');
  const [teacherA] = teachersOfStudent(plan, 0);
  const scale = {
    ...(await scaleReads(app.baseUrl, enrollmentRequests(plan, tokens), threadRequests(plan, tokens), {
      amount: cfg.scaleRequests,
    })),
    database: await scaleQueryPlans(dbUrl, {
      districtId: districtId(districtOfStudent(plan, 0)),
      teacherId: teacherId(teacherA),
      studentId: studentId(0),
    }),
    durableCommit: await durableCommitLatency(dbUrl, cfg.scaleRequests),
    inbox: await inboxReads(app.baseUrl, inboxRequests(plan, tokens), { amount: cfg.scaleRequests }),
  };
  log(
    `  enrollments p99 ${scale.enrollmentsP99Ms} ms, thread p99 ${scale.threadP99Ms} ms (non-2xx ${scale.non2xx}); in the database ${scale.database.currentEnrollments!.executionMs} / ${scale.database.threadMessages!.executionMs} ms; one durable commit p50 ${scale.durableCommit.p50Ms} ms, p99 ${scale.durableCommit.p99Ms} ms`,
  );
  log(
    `  inbox p99 ${scale.inbox.p99Ms} ms (p50 ${scale.inbox.p50Ms} ms; first look p99 ${scale.inbox.coldP99Ms} ms; non-2xx ${scale.inbox.non2xx})`,
  );
  return scale;
}

/** Figure 4: the history and as-of answers of the student with the longest stream, on the QueryBus. */
export async function auditFigure({ app, plan, cfg, log }: FullRun) {
  const auditIdx = auditStudentIndex(plan);
  log(`audit replay of ${studentId(auditIdx)} (${plan.auditEvents} events)...`);
  const audit = await auditReplay(app.app, studentId(auditIdx), districtId(districtOfStudent(plan, auditIdx)), {
    calls: cfg.auditCalls,
    budgetMs: 20_000,
  });
  log(
    `  history p50 / p99 ${audit.historyP50Ms} / ${audit.historyP99Ms} ms, as-of now ${audit.asOfNowP50Ms} / ${audit.asOfNowP99Ms} ms, as-of mid-history ${audit.asOfMidP50Ms} / ${audit.asOfMidP99Ms} ms; GC while replaying: ${audit.gc.pauses} pauses, ${audit.gc.totalMs} ms in all, longest ${audit.gc.maxMs} ms`,
  );
  return audit;
}
