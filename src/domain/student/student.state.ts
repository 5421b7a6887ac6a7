import type { CorrectableEntryKind, PacingStatus, StudentEvent, StudentProfile } from './student.events';
import { textDigest } from '../shared/text-digest';
import { deliveryStatusAdvances, REPORTED_STATUS, type DeliveryStatus } from './delivery-status';
import { evolveMessaging, initialMessagingState, type MessagingState } from './messaging.state';
import { evolveRouting, initialRoutingState, type RoutingState } from './thread-routing.state';

export interface EnrollmentState {
  enrollmentId: string;
  courseId: string;
  courseName: string;
  teacherId: string;
  active: boolean;
}

export interface OutboundMessageState {
  messageId: string;
  staffId: string;
  enrollmentId: string;
  status: DeliveryStatus;
  attempts: number;
  providerMessageId: string | null;
}

export interface StudentState extends MessagingState, RoutingState {
  profile: StudentProfile | null;
  optedOut: boolean;
  enrollments: Map<string, EnrollmentState>;
  messages: Map<string, OutboundMessageState>;
  /** idempotency key -> message id and a fingerprint of what was asked, to catch a key reused for another text. */
  idempotencyKeys: Map<string, { messageId: string; fingerprint: string }>;
  /** Staff who texted the student, most recent last (teacher-first routing). */
  lastOutboundStaffId: string | null;
  staffWithThreads: Set<string>;
  inboundProviderIds: Set<string>;
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

/** The sender of the service's automatic answers that belong to no staff member's thread. */
export const SERVICE_SENDER = 'system:keyword-replies';

export const correctableKey = (kind: CorrectableEntryKind, id: string): string => `${kind}:${id}`;

export const initialStudentState = (): StudentState => ({
  ...initialMessagingState(),
  ...initialRoutingState(),
  profile: null,
  optedOut: false,
  enrollments: new Map(),
  messages: new Map(),
  idempotencyKeys: new Map(),
  lastOutboundStaffId: null,
  staffWithThreads: new Set(),
  inboundProviderIds: new Set(),
  noteIds: new Set(),
  callIds: new Set(),
  correctable: new Map(),
  formerNames: [],
  pacing: new Map(),
});

/**
 * What an idempotency key was first used for, kept per key for as long as the student's state lives: a digest of the
 * enrollment and the text rather than the text itself (a long history keeps one per text; see textDigest).
 */
export const sendFingerprint = (enrollmentId: string, body: string): string => textDigest(`${enrollmentId}\u0000${body}`);

/**
 * Applies one event to a state the caller owns (the fold creates it fresh), in place, for speed on long
 * histories. Never throws: events are facts, and an unknown or out-of-place one is ignored.
 */
export function evolveStudent(state: StudentState, event: StudentEvent): StudentState {
  evolveMessaging(state, event);
  evolveRouting(state, event);
  switch (event.type) {
    case 'StudentRegistered':
      state.profile = { ...event.data };
      return state;
    case 'ContactUpdated': {
      if (!state.profile) return state;
      const { changes } = event.data;
      state.profile = { ...state.profile, ...changes };
      // The school putting a number (back) on file is the family asking for texts again.
      if (changes.smsNumber) state.optedOut = false;
      return state;
    }
    case 'StudentRecordCorrected': {
      if (!state.profile) return state;
      const { firstName, lastName, preferredName } = state.profile;
      if (event.data.fields.some((f) => f === 'firstName' || f === 'lastName' || f === 'preferredName')) state.formerNames.push({ firstName, lastName, preferredName });
      state.profile = { ...state.profile, ...event.data.correctedValues };
      return state;
    }
    case 'SmsOptedOut':
      state.optedOut = true;
      if (state.profile) state.profile = { ...state.profile, smsNumber: null };
      return state;
    case 'EnrollmentStarted':
      state.enrollments.set(event.data.enrollmentId, { ...event.data, active: true });
      return state;
    case 'EnrollmentEnded': {
      const e = state.enrollments.get(event.data.enrollmentId);
      if (e) state.enrollments.set(e.enrollmentId, { ...e, active: false });
      return state;
    }
    case 'SmsQueued': {
      const { messageId, staffId, enrollmentId, body, idempotencyKey } = event.data;
      state.messages.set(messageId, { messageId, staffId, enrollmentId, status: 'queued', attempts: 0, providerMessageId: null });
      state.idempotencyKeys.set(idempotencyKey, { messageId, fingerprint: sendFingerprint(enrollmentId, body) });
      state.lastOutboundStaffId = staffId;
      state.staffWithThreads.add(staffId);
      return state;
    }
    case 'KeywordReplyQueued': {
      // An outbound text of the service's own: tracked like any text (attempt, status, retries), but it opens no thread.
      const { messageId, staffId } = event.data;
      state.messages.set(messageId, { messageId, staffId: staffId ?? SERVICE_SENDER, enrollmentId: '', status: 'queued', attempts: 0, providerMessageId: null });
      return state;
    }
    case 'SmsSendAttempted': {
      const m = state.messages.get(event.data.messageId);
      if (m) m.attempts = Math.max(m.attempts, event.data.attempt);
      return state;
    }
    case 'SmsSent':
    case 'SmsDelivered':
    case 'SmsFailed': {
      const m = state.messages.get(event.data.messageId);
      if (!m) return state;
      const next = REPORTED_STATUS[event.type];
      if (deliveryStatusAdvances(m.status, next)) m.status = next;
      if ('providerMessageId' in event.data && event.data.providerMessageId) m.providerMessageId = event.data.providerMessageId;
      return state;
    }
    case 'SmsReceived':
    case 'InboundSmsUnrouted':
      if (event.data.providerMessageId) state.inboundProviderIds.add(event.data.providerMessageId);
      return state;
    case 'NoteAdded':
      state.noteIds.add(event.data.noteId);
      state.correctable.set(correctableKey('note', event.data.noteId), { authorId: event.data.authorId ?? null, body: event.data.body, enteredInError: false });
      return state;
    case 'CallLogged':
      state.callIds.add(event.data.callId);
      state.correctable.set(correctableKey('call', event.data.callId), { authorId: event.data.authorId ?? null, body: event.data.notes, enteredInError: false });
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
