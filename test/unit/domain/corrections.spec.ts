import type { Actor } from '../../../src/domain/shared/actor';
import type { StudentEvent } from '../../../src/domain/student/student.events';
import { enrolled, given, registered, registrar, sis, STUDENT, teacher } from './student-spec.helper';

/** Corrections, never edits: the original note or call stays; an amendment or an "entered in error" mark is added. */
const note = (noteId = 'n1', authorId: string | undefined = 't-bell'): StudentEvent => ({
  type: 'NoteAdded',
  data: { studentId: STUDENT, noteId, body: 'Talked to mom about pacing', ...(authorId ? { authorId } : {}) },
});
const call = (callId = 'c1', authorId = 't-bell'): StudentEvent => ({
  type: 'CallLogged',
  data: {
    studentId: STUDENT,
    callId,
    direction: 'outbound',
    party: 'parent',
    outcome: 'connected',
    durationSeconds: 60,
    notes: 'Wrong family',
    enrollmentId: 'e1',
    authorId,
  },
});
const amend = (body: string, reason = 'Spoke to dad, not mom', noteId = 'n1') => ({
  type: 'AmendNote' as const,
  data: { noteId, body, reason },
});
const inError = (entryKind: 'note' | 'call', entryId: string, reason = 'Logged on the wrong student') => ({
  type: 'MarkEnteredInError' as const,
  data: { entryKind, entryId, reason },
});
const colleague: Actor = teacher('t-other', { initials: 'B.Other' });

describe('AmendNote', () => {
  it('lets the author amend their note; the original stays in the stream', () => {
    given(registered(), enrolled(), note())
      .when(amend('Talked to dad about pacing'))
      .then([
        {
          type: 'NoteAmended',
          data: {
            studentId: STUDENT,
            noteId: 'n1',
            body: 'Talked to dad about pacing',
            reason: 'Spoke to dad, not mom',
          },
        },
      ]);
  });

  it("lets the school amend anyone's note, including notes from before authors were recorded", () => {
    given(registered(), note('n1', undefined))
      .when(amend('Corrected'), registrar)
      .then([
        {
          type: 'NoteAmended',
          data: { studentId: STUDENT, noteId: 'n1', body: 'Corrected', reason: 'Spoke to dad, not mom' },
        },
      ]);
  });

  it('refuses another teacher, compliance, and unknown notes', () => {
    given(registered(), enrolled(), enrolled('e2', 't-other'), note())
      .when(amend('Mine now'), colleague)
      .thenError('NOT_AUTHOR_OF_ENTRY', 'forbidden');
    given(registered(), note())
      .when(amend('x'), { id: 'c1', role: 'compliance', districtId: 'd1' })
      .thenError('FORBIDDEN_ROLE', 'forbidden');
    given(registered(), note()).when(amend('x'), sis).thenError('FORBIDDEN_ROLE');
    given(registered(), enrolled())
      .when(amend('x', 'r', 'nope'))
      .thenError('NOTE_NOT_FOUND', 'not_found');
  });

  it('needs a reason and a body; the same amendment twice is one correction', () => {
    given(registered(), enrolled(), note()).when(amend('Better', ' ')).thenError('REASON_REQUIRED', 'invalid');
    given(registered(), enrolled(), note()).when(amend(' ')).thenError('EMPTY_NOTE', 'invalid');
    const [amended] = given(registered(), enrolled(), note()).when(amend('Better')).events();
    given(registered(), enrolled(), note(), amended!).when(amend('Better')).then([]);
  });

  it('refuses to amend a note marked entered in error', () => {
    const [mark] = given(registered(), enrolled(), note()).when(inError('note', 'n1')).events();
    given(registered(), enrolled(), note(), mark!).when(amend('Better')).thenError('ENTRY_ENTERED_IN_ERROR', 'rule');
  });
});

describe('MarkEnteredInError', () => {
  it('marks a call or a note entered in error, by its author or the school; once', () => {
    given(registered(), enrolled(), call())
      .when(inError('call', 'c1'))
      .then([
        {
          type: 'EntryMarkedEnteredInError',
          data: { studentId: STUDENT, entryKind: 'call', entryId: 'c1', reason: 'Logged on the wrong student' },
        },
      ]);
    const [mark] = given(registered(), enrolled(), note()).when(inError('note', 'n1'), registrar).events();
    expect(mark).toMatchObject({ type: 'EntryMarkedEnteredInError', data: { entryKind: 'note', entryId: 'n1' } });
    given(registered(), enrolled(), note(), mark!).when(inError('note', 'n1')).then([]);
  });

  it("refuses someone else's entry, an unknown entry, and a missing reason", () => {
    given(registered(), enrolled(), enrolled('e2', 't-other'), call())
      .when(inError('call', 'c1'), colleague)
      .thenError('NOT_AUTHOR_OF_ENTRY');
    given(registered(), enrolled()).when(inError('call', 'c9')).thenError('CALL_NOT_FOUND', 'not_found');
    given(registered(), enrolled(), call())
      .when(inError('call', 'c1', ''))
      .thenError('REASON_REQUIRED');
  });

  it('records the author on new notes and calls, so corrections can check it', () => {
    const [n] = given(registered(), enrolled())
      .when({ type: 'AddNote', data: { noteId: 'n9', body: 'Hello' } })
      .events();
    expect(n).toMatchObject({ data: { authorId: 't-bell' } });
  });
});
