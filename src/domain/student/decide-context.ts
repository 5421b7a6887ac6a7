import type { DistrictSmsPolicy } from '../district/district.events';
import type { Role } from '../shared/actor';
import type { DecisionContext } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import type { StudentProfile } from './student.events';
import type { DeliveryDetails, OutboundMessageState, StudentState } from './student.state';

/** What decide knows besides the stream: who acts, the time (from the injected clock), the district's policy. */
export interface DecideContext extends DecisionContext {
  district: DistrictSmsPolicy | null;
  /** Our sender numbers (E.164, configuration order); each (student, staff) thread gets one (sender-pool.ts). */
  senderPool?: readonly string[];
}

export function requireRole(ctx: DecideContext, roles: readonly Role[], what: string): void {
  if (!roles.includes(ctx.actor.role)) {
    throw new DomainError('FORBIDDEN_ROLE', `Your role (${ctx.actor.role}) cannot ${what}.`, 'forbidden');
  }
}

/** The student must exist, and the actor must belong to the student's district (system actors act for it). */
export function requireStudent(state: StudentState, ctx: Pick<DecideContext, 'actor'>): StudentProfile {
  if (!state.profile) throw new DomainError('STUDENT_NOT_FOUND', 'No such student.', 'not_found');
  if (ctx.actor.role !== 'system' && ctx.actor.districtId !== state.profile.districtId) {
    throw new DomainError('FORBIDDEN_DISTRICT', 'This student belongs to another district.', 'forbidden');
  }
  return state.profile;
}

/** Rule 2 for records: a teacher may write to a student's record only while or after teaching them. */
export function requireServesStudent(state: StudentState, ctx: DecideContext): void {
  if (ctx.actor.role !== 'teacher') return;
  const teaches = [...state.enrollments.values()].some((e) => e.teacherId === ctx.actor.id);
  if (!teaches) {
    throw new DomainError(
      'NOT_TEACHER_OF_STUDENT',
      'You are not a teacher of any enrollment of this student.',
      'forbidden',
    );
  }
}

export function requireText(value: string, max: number, code: string, what: string): string {
  const text = value.trim();
  if (!text) throw new DomainError(code, `The ${what} is empty.`, 'invalid');
  if (text.length > max) {
    throw new DomainError(
      code === 'EMPTY_MESSAGE' ? 'MESSAGE_TOO_LONG' : code,
      `The ${what} is ${text.length} characters; the limit is ${max}.`,
      'invalid',
      { limit: max, length: text.length },
    );
  }
  return text;
}

/** One of the student's outbound texts (a teacher's or an automatic answer), with how it is being delivered. */
export function requireMessage(
  state: StudentState,
  messageId: string,
): { message: OutboundMessageState; delivery: DeliveryDetails } {
  const message = state.messages.get(messageId);
  const delivery = state.delivery.get(messageId);
  if (!message || !delivery)
    throw new DomainError('MESSAGE_NOT_FOUND', 'No such message for this student.', 'not_found');
  return { message, delivery };
}
