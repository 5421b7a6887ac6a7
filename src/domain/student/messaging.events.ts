import type { DomainEvent } from '../shared/event';
import type { SmsDisabledReason } from './sms-eligibility';

/**
 * Events of sending through a real phone network (scheduling, retries, keywords, flags), on the student's stream.
 * Kept apart from the core's event list; student.events.ts adds them to StudentEvent.
 */
type E<T extends string, D> = DomainEvent<T, D & { studentId: string }>;

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
export type KeywordReplyQueued = E<'KeywordReplyQueued', { messageId: string; inReplyTo: string; kind: KeywordReplyKind; to: string; from: string | null; body: string; staffId: string | null; day: string }>;

/**
 * A queued (often scheduled) text withdrawn before it went out; `scheduledFor` is what it was waiting for. Withdrawn
 * by staff: no reason. Withdrawn by the send-time check: a stable `reason` code and the sentence the sender sees.
 */
export type SmsCancelled = E<'SmsCancelled', { messageId: string; scheduledFor: string | null; reason?: SendCancelReason; explanation?: string }>;

/** At the moment of sending the district's quiet hours (as they are then) forbid it: the text waits until they end. */
export type SmsRescheduled = E<'SmsRescheduled', { messageId: string; scheduledFor: string; scheduledBecause: 'quiet_hours' }>;

/**
 * The provider did not take (or did not deliver) the text for a reason worth another try: it is sent again at
 * `retryAt`. `outcome` says whether the provider certainly has no copy ('not_accepted': 429, 4xx) or might have one
 * ('unknown': a timeout or a 5xx), in which case the dispatcher asks the provider before sending again. A superseded
 * provider id is the copy that was not delivered (30003): its late reports are ignored.
 */
export type SmsRetryScheduled = E<'SmsRetryScheduled', {
  messageId: string;
  attempt: number;
  retryAt: string;
  errorCode: string | null;
  reason: string;
  outcome: 'not_accepted' | 'unknown';
  supersededProviderMessageId: string | null;
}>;

/** The phone network says the number on file cannot receive texts: SMS Enabled says so until the registrar changes it. */
export type SmsNumberFlaggedInvalid = E<'SmsNumberFlaggedInvalid', { messageId: string; number: string; errorCode: string | null; reason: string }>;

/** START/UNSTOP (or YES after a STOP) texted from the number on file: consent restored, the carrier's block lifted. */
export type SmsConsentRestored = E<'SmsConsentRestored', { messageId: string; keyword: string; number: string }>;

/** A keyword that changes nothing here but belongs in the record: HELP/INFO, or START with no number on file. */
export type SmsKeywordReceived = E<'SmsKeywordReceived', { messageId: string; keyword: string; effect: 'help_requested' | 'nothing_to_restore' }>;

/** A text that reads like "please stop texting me": flagged to the thread's staff member (null: nobody's thread yet). */
export type OptOutRequestFlagged = E<'OptOutRequestFlagged', { messageId: string; staffId: string | null; phrase: string }>;

export type MessagingEvent = SmsCancelled | SmsRescheduled | KeywordReplyQueued | SmsRetryScheduled | SmsNumberFlaggedInvalid | SmsConsentRestored | SmsKeywordReceived | OptOutRequestFlagged;
