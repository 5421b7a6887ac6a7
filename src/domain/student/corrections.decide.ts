import { DomainError } from '../shared/domain-error';
import { requireRole, requireStudent, requireText, type DecideContext } from './decide-context';
import { MAX_NOTE_LENGTH } from './records.decide';
import type { Cmd } from './student.commands';
import type { CorrectableEntryKind, StudentEvent } from './student.events';
import { correctableKey, type CorrectableEntryState, type StudentState } from './student.state';
import { hasRole, RECORD_EDITORS, STAFF_ROLES } from '../shared/role-groups';

export const MAX_REASON_LENGTH = 500;

/**
 * FERPA lets families ask for amendments, and staff make mistakes: a record is corrected by adding to it, never by
 * editing it. The original entry stays in the log and in every export, with the correction beside it.
 */
function correctableEntry(
  state: StudentState,
  ctx: DecideContext,
  kind: CorrectableEntryKind,
  id: string,
): CorrectableEntryState {
  const entry = state.correctable.get(correctableKey(kind, id));
  if (!entry)
    throw new DomainError(
      kind === 'note' ? 'NOTE_NOT_FOUND' : 'CALL_NOT_FOUND',
      `This student has no such ${kind}.`,
      'not_found',
    );
  // The school may correct anyone's entry; a teacher only their own.
  if (!hasRole(ctx.actor, RECORD_EDITORS) && entry.authorId !== ctx.actor.id) {
    throw new DomainError(
      'NOT_AUTHOR_OF_ENTRY',
      `Only the author of this ${kind} or the school (registrar, school administrator) can correct it.`,
      'forbidden',
    );
  }
  return entry;
}

export function decideAmendNote(cmd: Cmd<'AmendNote'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  requireRole(ctx, STAFF_ROLES, 'amend notes');
  const profile = requireStudent(state, ctx);
  const note = correctableEntry(state, ctx, 'note', cmd.data.noteId);
  if (note.enteredInError)
    throw new DomainError(
      'ENTRY_ENTERED_IN_ERROR',
      'This note was marked entered in error; add a new note instead.',
      'rule',
    );
  const body = requireText(cmd.data.body, MAX_NOTE_LENGTH, 'EMPTY_NOTE', 'amended note');
  const reason = requireText(cmd.data.reason, MAX_REASON_LENGTH, 'REASON_REQUIRED', 'reason for the amendment');
  // The same amendment sent twice is one correction.
  if (body === note.body) return [];
  return [{ type: 'NoteAmended', data: { studentId: profile.studentId, noteId: cmd.data.noteId, body, reason } }];
}

export function decideMarkEnteredInError(
  cmd: Cmd<'MarkEnteredInError'>,
  state: StudentState,
  ctx: DecideContext,
): StudentEvent[] {
  requireRole(ctx, STAFF_ROLES, 'mark entries entered in error');
  const profile = requireStudent(state, ctx);
  const { entryKind, entryId } = cmd.data;
  const entry = correctableEntry(state, ctx, entryKind, entryId);
  const reason = requireText(cmd.data.reason, MAX_REASON_LENGTH, 'REASON_REQUIRED', 'reason');
  if (entry.enteredInError) return [];
  return [{ type: 'EntryMarkedEnteredInError', data: { studentId: profile.studentId, entryKind, entryId, reason } }];
}
