import { DomainError } from '../shared/domain-error';
import { requireRole, requireStudent, type DecideContext } from './decide-context';
import type { Cmd } from './student.commands';
import type { StudentEvent } from './student.events';
import type { StudentState } from './student.state';
import { ENROLLMENT_ROLES } from '../shared/role-groups';

/** Clocks disagree a little; a report dated further ahead than this is a mistake, not news. */
const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

/**
 * The seed asks staff to text "students who are not working or who are falling behind". The service cannot see
 * coursework, so the SIS reports pacing per enrollment; the analytics views use it. Reports arrive out of order from
 * sync jobs: an older report than the one on file changes nothing.
 */
export function decideReportPacing(cmd: Cmd<'ReportPacing'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  requireRole(ctx, ENROLLMENT_ROLES, 'report pacing');
  const profile = requireStudent(state, ctx);
  const { enrollmentId, status } = cmd.data;
  const enrollment = state.enrollments.get(enrollmentId);
  if (!enrollment) throw new DomainError('ENROLLMENT_NOT_FOUND', 'This student has no such enrollment.', 'not_found');
  if (!enrollment.active) throw new DomainError('ENROLLMENT_NOT_ACTIVE', 'That enrollment has ended.', 'rule');
  const at = Date.parse(cmd.data.asOf);
  if (Number.isNaN(at)) throw new DomainError('INVALID_AS_OF', 'asOf must be an ISO-8601 date and time.', 'invalid');
  if (at > ctx.now.getTime() + FUTURE_TOLERANCE_MS)
    throw new DomainError('INVALID_AS_OF', 'asOf is in the future.', 'invalid');
  const asOf = new Date(at).toISOString();
  const last = state.pacing.get(enrollmentId);
  if (last && Date.parse(last.asOf) >= at) return [];
  if (last && last.status === status) return [];
  return [{ type: 'EnrollmentPacingReported', data: { studentId: profile.studentId, enrollmentId, status, asOf } }];
}
