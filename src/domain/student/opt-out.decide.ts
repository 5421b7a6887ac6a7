import { signOff } from '../shared/actor';
import { STAFF_ROLES } from '../shared/role-groups';
import { requireRole, requireServesStudent, requireStudent, type DecideContext } from './decide-context';
import { optOutNote } from './opt-out-note';
import { studentTimeZone } from './send-schedule';
import type { Cmd } from './student.commands';
import type { StudentEvent } from './student.events';
import type { StudentState } from './student.state';

/**
 * Rule 4: the number comes off, and the seed's dated note with the staff member's sign-off is kept. Staff record a
 * request they received; the service records STOP (replies.decide.ts) and a carrier's opt-out ('automatic').
 */
export function decideOptOut(cmd: Cmd<'OptOut'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  const automatic = cmd.data.requestedBy === 'keyword' || cmd.data.requestedBy === 'carrier';
  if (automatic) requireRole(ctx, ['system'], 'record an automatic opt-out');
  else requireRole(ctx, STAFF_ROLES, 'record an opt-out request');
  const profile = requireStudent(state, ctx);
  // Staff record a request they received: a teacher only for a student they serve (the school for anyone).
  requireServesStudent(state, ctx);
  if (state.optedOut && !profile.smsNumber) return [];
  // A STOP from a number applies to the students who have it on file when it is recorded, not to a number since changed.
  if (cmd.data.ifNumberOnFile !== undefined && profile.smsNumber !== cmd.data.ifNumberOnFile) return [];
  const note = optOutNote(
    cmd.data.requestedBy,
    ctx.now,
    studentTimeZone(profile, ctx),
    automatic ? 'automatic' : signOff(ctx.actor),
    profile.smsNumber !== null,
  );
  return [
    {
      type: 'SmsOptedOut',
      data: { studentId: profile.studentId, removedNumber: profile.smsNumber, requestedBy: cmd.data.requestedBy, note },
    },
  ];
}
