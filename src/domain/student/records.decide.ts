import { backdatedOccurrence, requireOutcomeFits } from './communications';
import { requireRole, requireServesStudent, requireStudent, requireText, type DecideContext } from './decide-context';
import type { Cmd } from './student.commands';
import type { StudentEvent } from './student.events';
import type { StudentState } from './student.state';
import { STAFF_ROLES } from '../shared/role-groups';

export const MAX_NOTE_LENGTH = 5000;

export function decideAddNote(cmd: Cmd<'AddNote'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  requireRole(ctx, STAFF_ROLES, 'add notes');
  const profile = requireStudent(state, ctx);
  requireServesStudent(state, ctx);
  if (state.noteIds.has(cmd.data.noteId)) return [];
  const body = requireText(cmd.data.body, MAX_NOTE_LENGTH, 'EMPTY_NOTE', 'note');
  return [
    {
      type: 'NoteAdded',
      data: { studentId: profile.studentId, noteId: cmd.data.noteId, body, authorId: ctx.actor.id },
    },
  ];
}

/** Phone calls are still expected (the seed), and staff log them here. */
export function decideLogCall(cmd: Cmd<'LogCall'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  requireRole(ctx, STAFF_ROLES, 'log calls');
  const profile = requireStudent(state, ctx);
  requireServesStudent(state, ctx);
  if (state.callIds.has(cmd.data.callId)) return [];
  const { medium = 'phone', occurredAt, ...data } = cmd.data;
  requireOutcomeFits(medium, data.outcome);
  const happened = backdatedOccurrence(occurredAt, ctx.now);
  const notes = data.notes === null ? null : requireText(data.notes, MAX_NOTE_LENGTH, 'EMPTY_NOTE', 'call note');
  // Only what differs from a phone call logged as it happens is added, so those events stay as they always were.
  const extra = { ...(medium !== 'phone' ? { medium } : {}), ...(happened ? { occurredAt: happened } : {}) };
  return [
    { type: 'CallLogged', data: { studentId: profile.studentId, ...data, notes, authorId: ctx.actor.id, ...extra } },
  ];
}
