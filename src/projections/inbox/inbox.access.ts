import { RECORD_READERS } from '../../domain/shared/role-groups';
import type { Actor, Role } from '../../domain/shared/actor';
import { DomainError } from '../../domain/shared/domain-error';

/** Staff with an inbox: the roles that read threads (README, "Who may see what"); students have GET /v1/me/threads. */
export const INBOX_READERS: readonly Role[] = RECORD_READERS;

export function requireInboxReader(actor: Actor): void {
  if (!INBOX_READERS.includes(actor.role)) {
    throw new DomainError(
      'FORBIDDEN_ROLE',
      `Your role (${actor.role}) has no staff inbox${actor.role === 'student' ? ': your messages are at GET /v1/me/threads' : ''}.`,
      'forbidden',
    );
  }
}

/**
 * Which inbox items (alias `i`) an actor may read, as SQL over parameters $1 (actor id) and $2 (district), exactly as
 * the thread reads allow: a teacher their own threads and the unrouted texts of students of their ACTIVE enrollments
 * (an ended enrollment takes the student out of the inbox, as it takes away the thread read); registrars, school
 * admins and compliance every item of their district. Nobody reads across districts.
 */
export function inboxScope(actor: Actor): string {
  requireInboxReader(actor);
  if (actor.role !== 'teacher') return 'i.district_id = $2';
  return `i.district_id = $2 AND i.staff_id IN ($1, '')
    AND i.student_id IN (SELECT ce.student_id FROM current_enrollments ce WHERE ce.teacher_id = $1 AND ce.district_id = $2)`;
}
