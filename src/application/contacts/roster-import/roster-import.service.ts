import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../../domain/shared/domain-error';
import type { StudentProfile } from '../../../domain/student/student.events';
import { ACTIVE_ENROLLMENTS, type ActiveEnrollments } from '../../ports/active-enrollments.port';
import { CLOCK, type Clock } from '../../ports/clock.port';
import { studentOf, type CommandEnvelope } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { parseOneRosterBundle, type OneRosterFiles } from './oneroster.csv';
import {
  planRosterImport,
  type ImportOutcome,
  type ImportPlan,
  type ImportReportRow,
  type PlannedCommand,
} from './roster-import.plan';

export type RosterImportMode = 'bulk' | 'delta';

export interface RosterImportReport {
  mode: RosterImportMode;
  counts: Record<ImportOutcome, number>;
  rows: ImportReportRow[];
}

/** Students imported at once: each student's commands run in order, students side by side. */
const CONCURRENCY = 16;

/**
 * OneRoster CSV import (SIS sync). Every row becomes the command a person would have sent (RegisterStudent,
 * StartEnrollment, EndEnrollment), decided by the same domain rules, so a re-import of the same files changes nothing
 * (each command is idempotent) and every row's outcome is reported. A `bulk` import is the whole truth for the
 * classes and students it names: their active enrollments missing from it are ended (reconciliation). A `delta`
 * import only applies what it contains.
 */
@Injectable()
export class RosterImportService {
  constructor(
    private readonly runner: StudentCommandRunner,
    @Inject(ACTIVE_ENROLLMENTS) private readonly active: ActiveEnrollments,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async import(files: OneRosterFiles, mode: RosterImportMode, env: CommandEnvelope): Promise<RosterImportReport> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const plan = planRosterImport(parseOneRosterBundle(files), env.actor.districtId, today);
    // Read before applying: what was active before this import, so reconciliation never ends what it just started.
    const before = mode === 'bulk' ? await this.active.inDistrict(env.actor.districtId) : [];
    const rows: ImportReportRow[] = [...plan.refused];
    await inParallel([...plan.byStudent], CONCURRENCY, async ([studentId, queue]) => {
      rows.push(...(await this.apply(studentId, queue, env)));
    });
    if (mode === 'bulk') rows.push(...(await this.reconcile(plan, before, today, env)));
    const counts: Record<ImportOutcome, number> = {
      registered: 0,
      unchanged: 0,
      enrollment_started: 0,
      enrollment_ended: 0,
      skipped: 0,
      rejected: 0,
    };
    for (const row of rows) counts[row.outcome]++;
    rows.sort(
      (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.sourcedId.localeCompare(b.sourcedId),
    );
    return { mode, counts, rows };
  }

  /** Bulk JSON registration: each profile decided on its own, answered in the order given. */
  async registerMany(profiles: StudentProfile[], env: CommandEnvelope): Promise<ImportReportRow[]> {
    const rows: ImportReportRow[] = new Array<ImportReportRow>(profiles.length);
    await inParallel(
      profiles.map((profile, i) => ({ profile, i })),
      CONCURRENCY,
      async ({ profile, i }) => {
        const planned: PlannedCommand = {
          file: 'users',
          line: i,
          sourcedId: profile.studentId,
          command: { type: 'RegisterStudent', data: profile },
        };
        rows[i] = (await this.apply(profile.studentId, [planned], env))[0]!;
      },
    );
    return rows;
  }

  /**
   * One student's commands decided in order and appended together (one read, one write per student); a refused
   * registration skips the rest of that student.
   */
  private async apply(studentId: string, queue: PlannedCommand[], env: CommandEnvelope): Promise<ImportReportRow[]> {
    const steps = queue.map((planned) => ({
      command: planned.command,
      env: { ...env, correlationId: `${env.correlationId}:${planned.file}:${planned.line}` },
    }));
    const refusesStudent = (error: unknown, command: { type: string }): boolean =>
      command.type === 'RegisterStudent' && error instanceof DomainError && error.code !== 'STUDENT_ALREADY_REGISTERED';
    const outcomes = await this.runner.runSequence(studentOf(env, studentId), steps, refusesStudent);
    return queue.map((planned, i) => {
      const base = { file: planned.file, line: planned.line, sourcedId: planned.sourcedId, studentId };
      const outcome = outcomes[i];
      if (outcome === undefined)
        return {
          ...base,
          outcome: 'skipped',
          code: 'STUDENT_NOT_IMPORTED',
          message: "Skipped: the student's own row was refused.",
        };
      if (outcome.events !== undefined)
        return { ...base, outcome: outcome.events.length === 0 ? 'unchanged' : outcomeOf(planned) };
      if (!(outcome.error instanceof DomainError)) throw outcome.error;
      return { ...base, outcome: 'rejected', code: outcome.error.code, message: outcome.error.message };
    });
  }

  /** Bulk: an enrollment active before, in a class or of a student the import covers, but absent from it, has ended. */
  private async reconcile(
    plan: ImportPlan,
    before: Awaited<ReturnType<ActiveEnrollments['inDistrict']>>,
    today: string,
    env: CommandEnvelope,
  ): Promise<ImportReportRow[]> {
    const vanished = before.filter(
      (e) =>
        !plan.activeEnrollmentIds.has(e.enrollmentId) &&
        (plan.classIds.has(e.courseId) || plan.studentIds.has(e.studentId)),
    );
    const rows: ImportReportRow[] = [];
    await inParallel(vanished, CONCURRENCY, async (e) => {
      const base = { file: 'reconcile' as const, line: null, sourcedId: e.enrollmentId, studentId: e.studentId };
      try {
        const command = {
          type: 'EndEnrollment' as const,
          data: {
            enrollmentId: e.enrollmentId,
            endedOn: today,
            reason: 'No longer in the district roster (OneRoster bulk import).',
          },
        };
        const { events } = await this.runner.run(studentOf(env, e.studentId), command, {
          ...env,
          correlationId: `${env.correlationId}:reconcile:${e.enrollmentId}`,
        });
        rows.push({ ...base, outcome: events.length === 0 ? 'unchanged' : 'enrollment_ended' });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        rows.push({ ...base, outcome: 'rejected', code: error.code, message: error.message });
      }
    });
    return rows;
  }
}

function outcomeOf(planned: PlannedCommand): ImportOutcome {
  if (planned.command.type === 'RegisterStudent') return 'registered';
  return planned.command.type === 'StartEnrollment' ? 'enrollment_started' : 'enrollment_ended';
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
