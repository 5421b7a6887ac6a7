import { rosterBundle } from '../test/support/oneroster-bundle';
import type { BenchApp } from './support/app';

export interface RosterImportFigure {
  students: number;
  enrollments: number;
  seconds: number;
  studentsPerMinute: number;
  rejected: number;
}

/**
 * A school's OneRoster bundle (students with a guardian and a birth date, each in `perStudent` classes) imported over
 * HTTP as the SIS would, into a district of its own: students per minute, from the request to the full report.
 */
export async function rosterImportRate(
  app: BenchApp,
  options: { students: number; perStudent: number; prefix?: string },
): Promise<RosterImportFigure> {
  const files = rosterBundle({
    students: options.students,
    classes: Math.max(1, Math.ceil(options.students / 30)),
    perStudent: options.perStudent,
    prefix: options.prefix ?? 'bench-or',
  });
  const token = app.token('sis', 'bench-sis', 'bench-roster');
  const started = performance.now();
  const res = await fetch(`${app.baseUrl}/v1/roster/oneroster`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ mode: 'bulk', files }),
  });
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 200) throw new Error(`roster import answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const report = (await res.json()) as { counts: { registered: number; enrollment_started: number; rejected: number } };
  return {
    students: report.counts.registered,
    enrollments: report.counts.enrollment_started,
    seconds: Math.round(seconds * 10) / 10,
    studentsPerMinute: Math.round((report.counts.registered / seconds) * 60),
    rejected: report.counts.rejected,
  };
}
