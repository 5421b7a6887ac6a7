import type { DomainEvent } from '../shared/event';
import type { SmsDisabledReason } from './sms-eligibility';

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
export const RECORD_FIELDS: readonly RecordField[] = [
  'firstName',
  'lastName',
  'preferredName',
  'dateOfBirth',
  'username',
  'timeZone',
];

type E<T extends string, D> = DomainEvent<T, D & { studentId: string }>;

export type StudentRegistered = E<'StudentRegistered', Omit<StudentProfile, 'studentId'>>;
export type ContactUpdated = E<
  'ContactUpdated',
  { changes: ContactChanges; previousSmsNumber: string | null; reason: string | null }
>;
export type SmsOptedOut = E<
  'SmsOptedOut',
  { removedNumber: string | null; requestedBy: OptOutRequester; note: string }
>;
export type EnrollmentStarted = E<
  'EnrollmentStarted',
  {
    enrollmentId: string;
    courseId: string;
    courseName: string;
    teacherId: string;
    teacherName: string;
    startedOn: string;
  }
>;
export type EnrollmentEnded = E<'EnrollmentEnded', { enrollmentId: string; endedOn: string; reason: string | null }>;
/** `from`: the thread's sender number from the pool (sender-pool.ts); absent with no pool (the gateway's default). */
export type SmsQueued = E<
  'SmsQueued',
  {
    messageId: string;
    enrollmentId: string;
    staffId: string;
    to: string;
    body: string;
    idempotencyKey: string;
    scheduledFor: string | null;
    scheduledBecause?: ScheduleReason;
    from?: string;
  }
>;
/** Written before the provider is called. `to`: the number on file at that moment, the one the text goes to (older events lack it: the queued number). */
export type SmsSendAttempted = E<'SmsSendAttempted', { messageId: string; attempt: number; to?: string }>;
export type SmsSent = E<'SmsSent', { messageId: string; providerMessageId: string | null }>;
export type SmsDelivered = E<'SmsDelivered', { messageId: string; providerMessageId: string | null }>;
export type SmsFailed = E<'SmsFailed', { messageId: string; reason: string; errorCode: string | null }>;
/** Why a text waits: the district's quiet hours, or the sender asked for a later time. */
export type ScheduleReason = 'quiet_hours' | 'requested';
/** Why the send-time check withdrew a text: SMS Enabled's reasons (one definition), or its enrollment ended. */
export type SendCancelReason = SmsDisabledReason | 'enrollment_ended' | 'number_changed';
/** The automatic answers: to STOP (the one text allowed after an opt-out), START, HELP/INFO, and a text nobody's thread takes. */
export type KeywordReplyKind = 'stop' | 'start' | 'help' | 'no_thread';
/**
 * An automatic answer to the student's text `inReplyTo`, sent by the dispatcher from `from` (our number the text
 * arrived on; null: the default sender) to `to`, whatever the quiet hours. `staffId`: the thread it shows in (null:
 * none, the log only). `day`: the local date of a no-thread answer (at most one a day per number).
 */
export type KeywordReplyQueued = E<
  'KeywordReplyQueued',
  {
    messageId: string;
    inReplyTo: string;
    kind: KeywordReplyKind;
    to: string;
    from: string | null;
    body: string;
    staffId: string | null;
    day: string;
  }
>;
/**
 * A queued (often scheduled) text withdrawn before it went out; `scheduledFor` is what it was waiting for. Withdrawn
 * by staff: no reason. Withdrawn by the send-time check: a stable `reason` code and the sentence the sender sees.
 */
export type SmsCancelled = E<
  'SmsCancelled',
  { messageId: string; scheduledFor: string | null; reason?: SendCancelReason; explanation?: string }
>;
/** At the moment of sending the district's quiet hours (as they are then) forbid it: the text waits until they end. */
export type SmsRescheduled = E<
  'SmsRescheduled',
  { messageId: string; scheduledFor: string; scheduledBecause: 'quiet_hours' }
>;
/**
 * The provider did not take (or did not deliver) the text for a reason worth another try: it is sent again at
 * `retryAt`. `outcome` says whether the provider certainly has no copy ('not_accepted': 429, 4xx) or might have one
 * ('unknown': a timeout or a 5xx), in which case the dispatcher asks the provider before sending again. A superseded
 * provider id is the copy that was not delivered (30003): its late reports are ignored.
 */
export type SmsRetryScheduled = E<
  'SmsRetryScheduled',
  {
    messageId: string;
    attempt: number;
    retryAt: string;
    errorCode: string | null;
    reason: string;
    outcome: 'not_accepted' | 'unknown';
    supersededProviderMessageId: string | null;
  }
>;
/** The phone network says the number on file cannot receive texts: SMS Enabled says so until the registrar changes it. */
export type SmsNumberFlaggedInvalid = E<
  'SmsNumberFlaggedInvalid',
  { messageId: string; number: string; errorCode: string | null; reason: string }
>;
/**
 * `receivedOn`: which of our numbers the student texted (absent: the portal, or a provider that did not say).
 * `mayBeForAnotherStaffMember`: routed by "who texted last" because our number did not single out one thread.
 * `bodySanitized`: the provider's body had characters we cannot store (NUL, unpaired surrogates), kept as U+FFFD.
 */
export type SmsReceived = E<
  'SmsReceived',
  {
    messageId: string;
    staffId: string;
    body: string;
    channel: InboundChannel;
    providerMessageId: string | null;
    receivedOn?: string;
    mayBeForAnotherStaffMember?: true;
    bodySanitized?: true;
  }
>;
/** Staff moved a student's reply to the thread it was meant for: the first thread no longer shows it. */
export type InboundSmsMoved = E<
  'InboundSmsMoved',
  { messageId: string; fromStaffId: string; toStaffId: string; reason: string | null }
>;
export type InboundSmsUnrouted = E<
  'InboundSmsUnrouted',
  { messageId: string; body: string; reason: 'no_thread'; providerMessageId: string | null; bodySanitized?: true }
>;
/** START/UNSTOP (or YES after a STOP) texted from the number on file: consent restored, the carrier's block lifted. */
export type SmsConsentRestored = E<'SmsConsentRestored', { messageId: string; keyword: string; number: string }>;
/** A keyword that changes nothing here but belongs in the record: HELP/INFO, or START with no number on file. */
export type SmsKeywordReceived = E<
  'SmsKeywordReceived',
  { messageId: string; keyword: string; effect: 'help_requested' | 'nothing_to_restore' }
>;
/** A text that reads like "please stop texting me": flagged to the thread's staff member (null: nobody's thread yet). */
export type OptOutRequestFlagged = E<
  'OptOutRequestFlagged',
  { messageId: string; staffId: string | null; phrase: string }
>;
/** `authorId` (since corrections): who may amend it or mark it entered in error. Older events lack it. */
export type NoteAdded = E<'NoteAdded', { noteId: string; body: string; authorId?: string }>;
/**
 * A communication staff log by hand (the seed's "Add Communications" screen): a phone call, and (with `medium`) an
 * email or a meeting; a voicemail left is a call whose outcome is 'voicemail'. `occurredAt`: when it happened, set
 * only when logged afterwards (back-dated, up to 30 days); the event's own time is when it was logged. Older events
 * lack both (a phone call, happened when logged).
 */
export type CallLogged = E<
  'CallLogged',
  {
    callId: string;
    direction: 'outbound' | 'inbound';
    party: CallParty;
    outcome: CallOutcome;
    durationSeconds: number | null;
    notes: string | null;
    enrollmentId: string | null;
    authorId?: string;
    medium?: Exclude<ContactMedium, 'phone'>;
    occurredAt?: string;
  }
>;
/** Corrections, never edits: the original entry stays in the record; these are added beside it. */
export type CorrectableEntryKind = 'note' | 'call';
export type NoteAmended = E<'NoteAmended', { noteId: string; body: string; reason: string }>;
export type EntryMarkedEnteredInError = E<
  'EntryMarkedEnteredInError',
  { entryKind: CorrectableEntryKind; entryId: string; reason: string }
>;
/** The SIS's pacing signal for one enrollment: what "falling behind" means to the analytics views. */
export type PacingStatus = 'on_track' | 'behind';
/**
 * The school corrected the student's record (FERPA amendment, or a mistake at registration). `fields` names what
 * changed (what a teacher's log view keeps); `correctedValues` holds the new values (the school's and compliance's).
 */
export type StudentRecordCorrected = E<
  'StudentRecordCorrected',
  { fields: RecordField[]; correctedValues: RecordChanges; reason: string }
>;
export type EnrollmentPacingReported = E<
  'EnrollmentPacingReported',
  { enrollmentId: string; status: PacingStatus; asOf: string }
>;

/** Every event of a student's stream, grouped as the commands are (student.commands.ts). */
export type StudentEvent =
  // The record.
  | StudentRegistered
  | ContactUpdated
  | StudentRecordCorrected
  | EnrollmentStarted
  | EnrollmentEnded
  | EnrollmentPacingReported
  // Consent and the number on file.
  | SmsOptedOut
  | SmsConsentRestored
  | SmsNumberFlaggedInvalid
  // An outbound text's lifecycle (a teacher's text, or the service's automatic answer).
  | SmsQueued
  | KeywordReplyQueued
  | SmsCancelled
  | SmsRescheduled
  | SmsSendAttempted
  | SmsRetryScheduled
  | SmsSent
  | SmsDelivered
  | SmsFailed
  // The student's replies.
  | SmsReceived
  | InboundSmsUnrouted
  | InboundSmsMoved
  | SmsKeywordReceived
  | OptOutRequestFlagged
  // What staff write down, and its corrections.
  | NoteAdded
  | CallLogged
  | NoteAmended
  | EntryMarkedEnteredInError;
