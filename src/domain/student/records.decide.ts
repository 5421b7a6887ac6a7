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
  return [{ type: 'NoteAdded', data: { studentId: profile.studentId, noteId: cmd.data.noteId, body, authorId: ctx.actor.id } }];
}

/** Phone calls are still expected (the seed), and staff log them here. */
export function decideLogCall(cmd: Cmd<'LogCall'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  requireRole(ctx, STAFF_ROLES, 'log calls');
  const profile = requireStudent(state, ctx);
  requireServesStudent(state, ctx);
  if (state.callIds.has(cmd.data.callId)) return [];
  const notes = cmd.data.notes === null ? null : requireText(cmd.data.notes, MAX_NOTE_LENGTH, 'EMPTY_NOTE', 'call note');
  return [{ type: 'CallLogged', data: { studentId: profile.studentId, ...cmd.data, notes, authorId: ctx.actor.id } }];
}
