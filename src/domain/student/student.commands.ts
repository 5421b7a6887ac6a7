import type {
  CallOutcome,
  CallParty,
  ContactMedium,
  ContactChanges,
  CorrectableEntryKind,
  InboundChannel,
  OptOutRequester,
  PacingStatus,
  RecordChanges,
  StudentProfile,
} from './student.events';

/**
 * Commands carry everything decide needs that is not in the stream: ids, the time, the acting person. Grouped as the
 * student's record is: the record itself, an outbound text's lifecycle (queued, sent when due, delivered or not),
 * the student's replies, and what staff write down.
 */
export type StudentCommand =
  // The record: registration, enrollments, contact details (the school), corrections of the record (the school).
  | { type: 'RegisterStudent'; data: StudentProfile }
  | {
      type: 'StartEnrollment';
      data: {
        enrollmentId: string;
        courseId: string;
        courseName: string;
        teacherId: string;
        teacherName: string;
        startedOn: string;
      };
    }
  | { type: 'EndEnrollment'; data: { enrollmentId: string; endedOn: string; reason: string | null } }
  | { type: 'UpdateContact'; data: { changes: ContactChanges; reason: string | null } }
  | { type: 'CorrectStudentRecord'; data: { changes: RecordChanges; reason: string } }
  | { type: 'ReportPacing'; data: { enrollmentId: string; status: PacingStatus; asOf: string } }
  // Consent: a no-texting request recorded by staff, or by the service for STOP and carrier opt-outs.
  // `ifNumberOnFile`: only while that number is the student's (a STOP texted from it reaches every student who has it).
  | { type: 'OptOut'; data: { requestedBy: OptOutRequester; ifNumberOnFile?: string } }
  // An outbound text's lifecycle: queued by a teacher, withdrawn before it goes, decided on when due, then the network's results.
  | {
      type: 'SendSms';
      data: {
        messageId: string;
        enrollmentId: string | null;
        body: string;
        idempotencyKey: string;
        mediaUrls?: readonly string[];
        sendAt?: string | null;
      };
    }
  /** Staff withdraw a text that has not gone out yet (typically a scheduled one). */
  | { type: 'CancelScheduledSms'; data: { messageId: string } }
  | { type: 'RecordSendAttempt'; data: { messageId: string } }
  | {
      type: 'RecordDeliveryStatus';
      data: {
        messageId: string;
        status: 'sent' | 'delivered' | 'failed';
        providerMessageId: string | null;
        reason: string | null;
        errorCode: string | null;
      };
    }
  /**
   * The dispatcher (or a delivery report) found a failure worth another try. `providerMessageId` is set when a copy
   * the provider accepted was not delivered (30003): that copy is superseded.
   */
  | {
      type: 'RecordSendRetry';
      data: {
        messageId: string;
        retryAt: string;
        errorCode: string | null;
        reason: string;
        outcome: 'not_accepted' | 'unknown';
        providerMessageId: string | null;
      };
    }
  /** The provider said the number cannot receive texts (21211, 30005, 30006): flag it for the registrar. */
  | { type: 'FlagInvalidNumber'; data: { messageId: string; errorCode: string | null; reason: string } }
  // The student's replies.
  /**
   * `receivedOn`: E.164 of OUR number the student texted (keyword replies go out from it); null or absent for the portal channel, or not known.
   * `bodySanitized`: the provider's text held characters PostgreSQL cannot store, replaced with U+FFFD.
   * `keywordRepliesBy`: who answers STOP/START/HELP ('provider': Twilio's own opt-out handling; absent: this service).
   */
  | {
      type: 'RecordInboundSms';
      data: {
        messageId: string;
        body: string;
        channel: InboundChannel;
        providerMessageId: string | null;
        staffId: string | null;
        receivedOn?: string | null;
        /** The number it came from (texts): a STOP opts out only while that number is still the student's. */
        fromNumber?: string;
        keywordRepliesBy?: 'service' | 'provider';
        bodySanitized?: true;
      };
    }
  /** Staff move a student's reply to the thread of the staff member it was meant for. */
  | { type: 'MoveInboundSms'; data: { messageId: string; toStaffId: string; reason: string | null } }
  // What staff write down, and its corrections.
  | { type: 'AddNote'; data: { noteId: string; body: string } }
  /** `medium` absent: a phone call. `occurredAt` absent: it happened now (else ISO, at most 30 days back). */
  | {
      type: 'LogCall';
      data: {
        callId: string;
        direction: 'outbound' | 'inbound';
        party: CallParty;
        outcome: CallOutcome;
        durationSeconds: number | null;
        notes: string | null;
        enrollmentId: string | null;
        medium?: ContactMedium;
        occurredAt?: string | null;
      };
    }
  | { type: 'AmendNote'; data: { noteId: string; body: string; reason: string } }
  | { type: 'MarkEnteredInError'; data: { entryKind: CorrectableEntryKind; entryId: string; reason: string } };

export type StudentCommandType = StudentCommand['type'];

/** One student command by its type name: what each decide function takes. */
export type Cmd<T extends StudentCommandType> = Extract<StudentCommand, { type: T }>;

/** Texts longer than this are refused (Twilio's own maximum body is 1,600 characters). */
export const MAX_SMS_LENGTH = 1600;
