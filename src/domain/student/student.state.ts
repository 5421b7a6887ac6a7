import type { CorrectableEntryKind, PacingStatus, StudentEvent, StudentProfile } from './student.events';
import { evolveOutboundText, initialOutboundTextState, type OutboundTextState } from './outbound-text.state';
import { evolveReplies, initialRepliesState, type RepliesState } from './replies.state';

export {
  SERVICE_SENDER,
  sendFingerprint,
  type DeliveryDetails,
  type OutboundMessageState,
} from './outbound-text.state';

export interface EnrollmentState {
  enrollmentId: string;
  courseId: string;
  courseName: string;
  teacherId: string;
  active: boolean;
}

/**
 * Everything a decision about one student needs, folded from their stream in one place (evolveStudent): the record
 * (profile, consent and the number on file, enrollments, pacing, notes and calls with their corrections), each
 * outbound text's lifecycle (OutboundTextState) and the replies' threads (RepliesState).
 */
export interface StudentState extends OutboundTextState, RepliesState {
  profile: StudentProfile | null;
  optedOut: boolean;
  /** The carrier blocks this number (after STOP or a 21610) until the student texts START/UNSTOP/YES. */
  carrierBlocked: boolean;
  /** The number on file the phone network said cannot receive texts (until the registrar changes the number). */
  numberFlaggedInvalid: string | null;
  enrollments: Map<string, EnrollmentState>;
  noteIds: Set<string>;
  callIds: Set<string>;
  /** Notes and calls by `correctableKey`: who wrote them (null: before authors were recorded), current text, in error? */
  correctable: Map<string, CorrectableEntryState>;
  /** Names the student had before a correction changed them: the content guard keeps blocking them (see contentSubjects). */
  formerNames: FormerNames[];
  /** enrollment id -> the latest pacing report from the SIS. */
  pacing: Map<string, { status: PacingStatus; asOf: string }>;
}

export type FormerNames = Pick<StudentProfile, 'firstName' | 'lastName' | 'preferredName'>;

export interface CorrectableEntryState {
  authorId: string | null;
  body: string | null;
  enteredInError: boolean;
}

export const correctableKey = (kind: CorrectableEntryKind, id: string): string => `${kind}:${id}`;

export const initialStudentState = (): StudentState => ({
  ...initialOutboundTextState(),
  ...initialRepliesState(),
  profile: null,
  optedOut: false,
  carrierBlocked: false,
  numberFlaggedInvalid: null,
  enrollments: new Map(),
  noteIds: new Set(),
  callIds: new Set(),
  correctable: new Map(),
  formerNames: [],
  pacing: new Map(),
});

/**
 * Applies one event to a state the caller owns (the fold creates it fresh), in place, for speed on long
 * histories. Never throws: events are facts, and an unknown or out-of-place one is ignored.
 */
export function evolveStudent(state: StudentState, event: StudentEvent): StudentState {
  evolveOutboundText(state, event, state.profile?.smsNumber ?? null);
  evolveReplies(state, event);
  switch (event.type) {
    case 'StudentRegistered':
      state.profile = { ...event.data };
      return state;
    case 'ContactUpdated': {
      const { changes } = event.data;
      // Any change to the SMS number is the registrar acting on the flag (or replacing the number).
      if (changes.smsNumber !== undefined) state.numberFlaggedInvalid = null;
      if (!state.profile) return state;
      state.profile = { ...state.profile, ...changes };
      // The school putting a number (back) on file is the family asking for texts again.
      if (changes.smsNumber) state.optedOut = false;
      return state;
    }
    case 'StudentRecordCorrected': {
      if (!state.profile) return state;
      const { firstName, lastName, preferredName } = state.profile;
      if (event.data.fields.some((f) => f === 'firstName' || f === 'lastName' || f === 'preferredName'))
        state.formerNames.push({ firstName, lastName, preferredName });
      state.profile = { ...state.profile, ...event.data.correctedValues };
      return state;
    }
    case 'SmsOptedOut':
      state.optedOut = true;
      if (event.data.requestedBy === 'keyword' || event.data.requestedBy === 'carrier') state.carrierBlocked = true;
      if (state.profile) state.profile = { ...state.profile, smsNumber: null };
      return state;
    case 'SmsConsentRestored':
      state.carrierBlocked = false;
      state.optedOut = false;
      return state;
    case 'SmsNumberFlaggedInvalid':
      state.numberFlaggedInvalid = event.data.number;
      return state;
    case 'EnrollmentStarted':
      state.enrollments.set(event.data.enrollmentId, { ...event.data, active: true });
      return state;
    case 'EnrollmentEnded': {
      const e = state.enrollments.get(event.data.enrollmentId);
      if (e) state.enrollments.set(e.enrollmentId, { ...e, active: false });
      return state;
    }
    case 'NoteAdded':
      state.noteIds.add(event.data.noteId);
      state.correctable.set(correctableKey('note', event.data.noteId), {
        authorId: event.data.authorId ?? null,
        body: event.data.body,
        enteredInError: false,
      });
      return state;
    case 'CallLogged':
      state.callIds.add(event.data.callId);
      state.correctable.set(correctableKey('call', event.data.callId), {
        authorId: event.data.authorId ?? null,
        body: event.data.notes,
        enteredInError: false,
      });
      return state;
    case 'NoteAmended': {
      const note = state.correctable.get(correctableKey('note', event.data.noteId));
      if (note) note.body = event.data.body;
      return state;
    }
    case 'EntryMarkedEnteredInError': {
      const entry = state.correctable.get(correctableKey(event.data.entryKind, event.data.entryId));
      if (entry) entry.enteredInError = true;
      return state;
    }
    case 'EnrollmentPacingReported':
      state.pacing.set(event.data.enrollmentId, { status: event.data.status, asOf: event.data.asOf });
      return state;
    default:
      return state;
  }
}

export function foldStudent(events: Iterable<StudentEvent>, state: StudentState = initialStudentState()): StudentState {
  for (const e of events) evolveStudent(state, e);
  return state;
}
