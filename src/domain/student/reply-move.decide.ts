import { DomainError } from '../shared/domain-error';
import { requireRole, requireServesStudent, requireStudent, type DecideContext } from './decide-context';
import type { Cmd } from './student.commands';
import type { StudentEvent } from './student.events';
import type { StudentState } from './student.state';
import { STAFF_ROLES } from '../shared/role-groups';

export const MAX_MOVE_REASON_LENGTH = 500;

/**
 * A reply that reached the wrong thread (the student's text could not be told apart, or they texted the wrong
 * number) is moved to the thread it was meant for. Who: the staff member whose thread shows it now (they read it and
 * know it is not theirs), or the school (registrar, school admin) for any reply of their district. To whom: a staff
 * member who has a thread with the student or teaches one of their active enrollments. The move is recorded beside
 * the reply, which itself never changes; asking again for the thread it is already in changes nothing.
 */
export function decideMoveInboundSms(
  cmd: Cmd<'MoveInboundSms'>,
  state: StudentState,
  ctx: DecideContext,
): StudentEvent[] {
  requireRole(ctx, STAFF_ROLES, "move a student's reply to another thread");
  const profile = requireStudent(state, ctx);
  requireServesStudent(state, ctx);
  const { messageId, toStaffId } = cmd.data;
  const reason = cmd.data.reason?.trim() || null;
  if (reason !== null && reason.length > MAX_MOVE_REASON_LENGTH) {
    throw new DomainError(
      'MOVE_REASON_TOO_LONG',
      `The reason is ${reason.length} characters; the limit is ${MAX_MOVE_REASON_LENGTH}.`,
      'invalid',
      { limit: MAX_MOVE_REASON_LENGTH },
    );
  }
  const holder = state.replyThreads.get(messageId);
  if (holder === undefined)
    throw new DomainError(
      'REPLY_NOT_FOUND',
      'No reply from this student has that id (only replies in a thread can be moved).',
      'not_found',
    );
  if (holder === toStaffId) return [];
  if (ctx.actor.role === 'teacher' && holder !== ctx.actor.id) {
    throw new DomainError(
      'NOT_HOLDER_OF_REPLY',
      'Only the staff member whose thread shows this reply, or the school, can move it.',
      'forbidden',
    );
  }
  const teaches = [...state.enrollments.values()].some((e) => e.active && e.teacherId === toStaffId);
  if (!teaches && !state.threadSenders.has(toStaffId)) {
    throw new DomainError(
      'MOVE_TARGET_NOT_SERVING_STUDENT',
      'A reply can go only to a staff member who has a thread with this student or teaches one of their active enrollments.',
      'rule',
      { toStaffId },
    );
  }
  return [
    {
      type: 'InboundSmsMoved',
      data: { studentId: profile.studentId, messageId, fromStaffId: holder, toStaffId, reason },
    },
  ];
}
