import type { EventMetadata } from '../shared/event';
import type { SmsDisabledReason } from '../student/sms-eligibility';
import type { CallOutcome, CallParty, ListedContact, OptOutRequester, PacingStatus } from '../student/student.events';

/** An event as the store gives it back, with what a replay needs: its place in the stream and its metadata. */
export interface HistoricalEvent {
  type: string;
  data: unknown;
  /** Its revision: a bigint, or its decimal text as a store's row carries it (the replay only shows it). */
  revision: bigint | string;
  metadata: EventMetadata;
}

export interface SnapshotMessage {
  messageId: string;
  direction: 'outbound' | 'inbound';
  channel: 'sms' | 'portal';
  body: string;
  status: string;
  failureReason: string | null;
  errorCode: string | null;
  enrollmentId: string | null;
  /** A text waiting for quiet hours to end, or for the time its sender chose. */
  scheduledFor: string | null;
  createdAt: string;
  statusAt: string;
}

export interface Correction {
  at: string;
  by: string;
  reason: string;
}

export interface SnapshotNote {
  noteId: string;
  body: string;
  authorId: string;
  addedAt: string;
  amendments: (Correction & { body: string })[];
  enteredInError: Correction | null;
}

export interface SnapshotCall {
  callId: string;
  direction: 'outbound' | 'inbound';
  party: CallParty;
  outcome: CallOutcome;
  durationSeconds: number | null;
  notes: string | null;
  enrollmentId: string | null;
  authorId: string;
  loggedAt: string;
  /** An email or a meeting (absent: a phone call); when it happened, if logged afterwards (Add Communications). */
  medium?: 'email' | 'meeting';
  occurredAt?: string;
  enteredInError: Correction | null;
}

export interface SnapshotEnrollment {
  enrollmentId: string;
  courseId: string;
  courseName: string;
  teacherId: string;
  teacherName: string;
  startedOn: string;
  active: boolean;
  endedOn: string | null;
  pacing: { status: PacingStatus; asOf: string } | null;
}

/** A student's record as it stood at one moment: what the portal would have shown then. */
export interface RecordSnapshot {
  studentId: string;
  /** The moment asked about (null: now). */
  asOf: string | null;
  /** The last event included, or null when the student did not exist yet. */
  lastEvent: { revision: string; occurredAt: string } | null;
  contact: {
    districtId: string;
    firstName: string;
    lastName: string;
    preferredName: string | null;
    dateOfBirth: string | null;
    address: string | null;
    smsNumber: string | null;
    timeZone: string | null;
    listedContacts: ListedContact[];
  } | null;
  consent: { optedOut: boolean; optOut: { at: string; requestedBy: OptOutRequester; note: string } | null };
  /** The phone network had said the number on file cannot receive texts (until the registrar changed it). */
  numberFlaggedInvalid: boolean;
  sms: { enabled: boolean; reason: SmsDisabledReason | null; explanation: string | null; districtAllowsSms: boolean };
  enrollments: SnapshotEnrollment[];
  threads: { staffId: string; messages: SnapshotMessage[] }[];
  unrouted: { messageId: string; body: string; receivedAt: string }[];
  notes: SnapshotNote[];
  calls: SnapshotCall[];
}
