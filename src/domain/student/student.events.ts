import type { DomainEvent } from '../shared/event';
import { MESSAGING_EVENT_TYPES, type MessagingEvent, type ScheduleReason } from './messaging.events';

export type OptOutRequester = 'student' | 'parent' | 'guardian' | 'keyword' | 'carrier';
export type InboundChannel = 'sms' | 'portal';
export type CallParty = 'student' | 'parent' | 'guardian' | 'other';
export type CallOutcome = 'connected' | 'voicemail' | 'no_answer' | 'busy' | 'wrong_number' | ContactOutcome;
/** The seed's "Add Communications" beyond phone calls: an email sent or received, a meeting (held or missed). */
export type ContactMedium = 'phone' | 'email' | 'meeting';
export type ContactOutcome = 'sent' | 'received' | 'held' | 'no_show';

/** A person listed for the student: FERPA says share nothing with anyone not listed. */
export interface ListedContact {
  name: string;
  relationship: 'parent' | 'guardian' | 'other';
  phone: string | null;
}

export interface StudentProfile {
  studentId: string;
  districtId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  dateOfBirth: string | null;
  address: string | null;
  username: string | null;
  smsNumber: string | null;
  timeZone: string | null;
  listedContacts: ListedContact[];
}

/** Only the fields that changed; `null` removes a value. */
export interface ContactChanges {
  smsNumber?: string | null;
  address?: string | null;
  listedContacts?: ListedContact[];
}

/** The student's own record data the school corrects (never the contact details: see ContactChanges). */
export interface RecordChanges {
  firstName?: string;
  lastName?: string;
  preferredName?: string | null;
  dateOfBirth?: string | null;
  username?: string | null;
  timeZone?: string | null;
}
export type RecordField = keyof RecordChanges;
export const RECORD_FIELDS: readonly RecordField[] = ['firstName', 'lastName', 'preferredName', 'dateOfBirth', 'username', 'timeZone'];

type E<T extends string, D> = DomainEvent<T, D & { studentId: string }>;

export type StudentRegistered = E<'StudentRegistered', Omit<StudentProfile, 'studentId'>>;
export type ContactUpdated = E<'ContactUpdated', { changes: ContactChanges; previousSmsNumber: string | null; reason: string | null }>;
export type SmsOptedOut = E<'SmsOptedOut', { removedNumber: string | null; requestedBy: OptOutRequester; note: string }>;
export type EnrollmentStarted = E<'EnrollmentStarted', { enrollmentId: string; courseId: string; courseName: string; teacherId: string; teacherName: string; startedOn: string }>;
export type EnrollmentEnded = E<'EnrollmentEnded', { enrollmentId: string; endedOn: string; reason: string | null }>;
/** `from`: the thread's sender number from the pool (sender-pool.ts); absent with no pool (the gateway's default). */
export type SmsQueued = E<'SmsQueued', { messageId: string; enrollmentId: string; staffId: string; to: string; body: string; idempotencyKey: string; scheduledFor: string | null; scheduledBecause?: ScheduleReason; from?: string }>;
/** Written before the provider is called. `to`: the number on file at that moment, the one the text goes to (older events lack it: the queued number). */
export type SmsSendAttempted = E<'SmsSendAttempted', { messageId: string; attempt: number; to?: string }>;
export type SmsSent = E<'SmsSent', { messageId: string; providerMessageId: string | null }>;
export type SmsDelivered = E<'SmsDelivered', { messageId: string; providerMessageId: string | null }>;
export type SmsFailed = E<'SmsFailed', { messageId: string; reason: string; errorCode: string | null }>;
/**
 * `receivedOn`: which of our numbers the student texted (absent: the portal, or a provider that did not say).
 * `mayBeForAnotherStaffMember`: routed by "who texted last" because our number did not single out one thread.
 * `bodySanitized`: the provider's body had characters we cannot store (NUL, unpaired surrogates), kept as U+FFFD.
 */
export type SmsReceived = E<'SmsReceived', { messageId: string; staffId: string; body: string; channel: InboundChannel; providerMessageId: string | null; receivedOn?: string; mayBeForAnotherStaffMember?: true; bodySanitized?: true }>;
/** Staff moved a student's reply to the thread it was meant for: the first thread no longer shows it. */
export type InboundSmsMoved = E<'InboundSmsMoved', { messageId: string; fromStaffId: string; toStaffId: string; reason: string | null }>;
export type InboundSmsUnrouted = E<'InboundSmsUnrouted', { messageId: string; body: string; reason: 'no_thread'; providerMessageId: string | null; bodySanitized?: true }>;
/** `authorId` (since corrections): who may amend it or mark it entered in error. Older events lack it. */
export type NoteAdded = E<'NoteAdded', { noteId: string; body: string; authorId?: string }>;
/**
 * A communication staff log by hand (the seed's "Add Communications" screen): a phone call, and (with `medium`) an
 * email or a meeting; a voicemail left is a call whose outcome is 'voicemail'. `occurredAt`: when it happened, set
 * only when logged afterwards (back-dated, up to 30 days); the event's own time is when it was logged. Older events
 * lack both (a phone call, happened when logged).
 */
export type CallLogged = E<'CallLogged', { callId: string; direction: 'outbound' | 'inbound'; party: CallParty; outcome: CallOutcome; durationSeconds: number | null; notes: string | null; enrollmentId: string | null; authorId?: string; medium?: Exclude<ContactMedium, 'phone'>; occurredAt?: string }>;
/** Corrections, never edits: the original entry stays in the record; these are added beside it. */
export type CorrectableEntryKind = 'note' | 'call';
export type NoteAmended = E<'NoteAmended', { noteId: string; body: string; reason: string }>;
export type EntryMarkedEnteredInError = E<'EntryMarkedEnteredInError', { entryKind: CorrectableEntryKind; entryId: string; reason: string }>;
/** The SIS's pacing signal for one enrollment: what "falling behind" means to the analytics views. */
export type PacingStatus = 'on_track' | 'behind';
/**
 * The school corrected the student's record (FERPA amendment, or a mistake at registration). `fields` names what
 * changed (what a teacher's log view keeps); `correctedValues` holds the new values (the school's and compliance's).
 */
export type StudentRecordCorrected = E<'StudentRecordCorrected', { fields: RecordField[]; correctedValues: RecordChanges; reason: string }>;
export type EnrollmentPacingReported = E<'EnrollmentPacingReported', { enrollmentId: string; status: PacingStatus; asOf: string }>;

export type StudentEvent =
  | MessagingEvent
  | StudentRegistered
  | ContactUpdated
  | SmsOptedOut
  | EnrollmentStarted
  | EnrollmentEnded
  | SmsQueued
  | SmsSendAttempted
  | SmsSent
  | SmsDelivered
  | SmsFailed
  | SmsReceived
  | InboundSmsUnrouted
  | InboundSmsMoved
  | NoteAdded
  | CallLogged
  | NoteAmended
  | EntryMarkedEnteredInError
  | EnrollmentPacingReported
  | StudentRecordCorrected;

/** The registered type names: the store keeps these strings, never a class name. */
export const STUDENT_EVENT_TYPES: readonly StudentEvent['type'][] = [
  ...MESSAGING_EVENT_TYPES,
  'StudentRegistered', 'ContactUpdated', 'SmsOptedOut', 'EnrollmentStarted', 'EnrollmentEnded', 'SmsQueued',
  'SmsSendAttempted', 'SmsSent', 'SmsDelivered', 'SmsFailed', 'SmsReceived', 'InboundSmsUnrouted', 'InboundSmsMoved', 'NoteAdded', 'CallLogged',
  'NoteAmended', 'EntryMarkedEnteredInError', 'EnrollmentPacingReported', 'StudentRecordCorrected',
];

export const studentStreamId = (studentId: string): string => `student-${studentId}`;
export const STUDENT_STREAM_PREFIX = 'student-';
