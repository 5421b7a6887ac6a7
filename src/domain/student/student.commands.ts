import type { CallOutcome, CallParty, ContactMedium, ContactChanges, CorrectableEntryKind, InboundChannel, OptOutRequester, PacingStatus, RecordChanges, StudentProfile } from './student.events';

import type { MessagingCommand } from './messaging.commands';

/** Commands carry everything decide needs that is not in the stream: ids, the time, the acting person. */
export type StudentCommand =
  | MessagingCommand
  | { type: 'RegisterStudent'; data: StudentProfile }
  | { type: 'StartEnrollment'; data: { enrollmentId: string; courseId: string; courseName: string; teacherId: string; teacherName: string; startedOn: string } }
  | { type: 'EndEnrollment'; data: { enrollmentId: string; endedOn: string; reason: string | null } }
  | { type: 'UpdateContact'; data: { changes: ContactChanges; reason: string | null } }
  | { type: 'CorrectStudentRecord'; data: { changes: RecordChanges; reason: string } }
  | { type: 'SendSms'; data: { messageId: string; enrollmentId: string | null; body: string; idempotencyKey: string; mediaUrls?: readonly string[]; sendAt?: string | null } }
  | { type: 'OptOut'; data: { requestedBy: OptOutRequester } }
  | { type: 'AddNote'; data: { noteId: string; body: string } }
  /** `medium` absent: a phone call. `occurredAt` absent: it happened now (else ISO, at most 30 days back). */
  | { type: 'LogCall'; data: { callId: string; direction: 'outbound' | 'inbound'; party: CallParty; outcome: CallOutcome; durationSeconds: number | null; notes: string | null; enrollmentId: string | null; medium?: ContactMedium; occurredAt?: string | null } }
  /**
   * `receivedOn`: E.164 of OUR number the student texted (keyword replies go out from it); null or absent for the portal channel, or not known.
   * `bodySanitized`: the provider's text held characters PostgreSQL cannot store, replaced with U+FFFD.
   * `keywordRepliesBy`: who answers STOP/START/HELP ('provider': Twilio's own opt-out handling; absent: this service).
   */
  | { type: 'RecordInboundSms'; data: { messageId: string; body: string; channel: InboundChannel; providerMessageId: string | null; staffId: string | null; receivedOn?: string | null; keywordRepliesBy?: 'service' | 'provider'; bodySanitized?: true } }
  /** Staff move a student's reply to the thread of the staff member it was meant for. */
  | { type: 'MoveInboundSms'; data: { messageId: string; toStaffId: string; reason: string | null } }
  | { type: 'RecordSendAttempt'; data: { messageId: string } }
  | { type: 'RecordDeliveryStatus'; data: { messageId: string; status: 'sent' | 'delivered' | 'failed'; providerMessageId: string | null; reason: string | null; errorCode: string | null } }
  | { type: 'AmendNote'; data: { noteId: string; body: string; reason: string } }
  | { type: 'MarkEnteredInError'; data: { entryKind: CorrectableEntryKind; entryId: string; reason: string } }
  | { type: 'ReportPacing'; data: { enrollmentId: string; status: PacingStatus; asOf: string } };

export type StudentCommandType = StudentCommand['type'];

/** Texts longer than this are refused (Twilio's own maximum body is 1,600 characters). */
export const MAX_SMS_LENGTH = 1600;
