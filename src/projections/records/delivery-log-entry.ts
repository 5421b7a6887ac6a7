import type { RecordedEvent } from '../../application/ports/event-store.port';
import { mask } from '../../domain/shared/phone-number';
import type { SmsQueued, StudentEvent } from '../../domain/student/student.events';

export type DeliveryLogKind = 'sms_status' | 'sms_keyword' | 'opt_in' | 'opt_out_request' | 'contact_flag';

const REPLY_TO = {
  stop: 'STOP confirmation',
  start: 'START confirmation',
  help: 'HELP',
  no_thread: 'no teacher has texted yet',
} as const;

const who = (e: RecordedEvent): string => e.metadata.actor.initials ?? e.metadata.actor.name ?? e.metadata.actor.id;

/** ", scheduled for 2026-09-02T14:00:00.000Z (quiet hours)" on a text that waits; times stay ISO (UTC) in the record. */
export function scheduledNote(d: SmsQueued['data']): string {
  if (!d.scheduledFor) return '';
  return `, scheduled for ${d.scheduledFor}${d.scheduledBecause === 'quiet_hours' ? ' (quiet hours)' : ' (as requested)'}`;
}

/** Log lines for scheduling, retries, keywords and flags (the core's events are in log-entry.ts). */
export function toDeliveryLogEntry(event: RecordedEvent): { kind: DeliveryLogKind; summary: string } | null {
  const e = { type: event.type, data: event.data } as StudentEvent;
  switch (e.type) {
    case 'SmsCancelled':
      // The send-time check says why in a sentence (with a stable code); staff cancelling needs only who.
      return {
        kind: 'sms_status',
        summary: e.data.explanation
          ? `${e.data.explanation} (${e.data.reason})`
          : `Text cancelled by ${who(event)} before it was sent`,
      };
    case 'KeywordReplyQueued':
      return {
        kind: 'sms_keyword',
        summary: `Automatic answer (${REPLY_TO[e.data.kind]}) to ${mask(e.data.to)}: "${e.data.body}"`,
      };
    case 'SmsRescheduled':
      return {
        kind: 'sms_status',
        summary: `Text held at the moment of sending: the district's quiet hours forbid it now; it goes at ${e.data.scheduledFor}`,
      };
    case 'SmsRetryScheduled':
      return {
        kind: 'sms_status',
        summary: `Text not sent yet: ${e.data.reason}${e.data.errorCode ? ` (code ${e.data.errorCode})` : ''}; trying again at ${e.data.retryAt}`,
      };
    case 'SmsNumberFlaggedInvalid':
      return {
        kind: 'contact_flag',
        summary: `SMS number ${mask(e.data.number)} flagged for the registrar: ${e.data.reason}${e.data.errorCode ? ` (code ${e.data.errorCode})` : ''}`,
      };
    case 'SmsConsentRestored':
      return {
        kind: 'opt_in',
        summary: `Student texted ${e.data.keyword}: texts to ${mask(e.data.number)} allowed again (carrier block lifted)`,
      };
    case 'SmsKeywordReceived':
      return {
        kind: 'sms_keyword',
        summary:
          e.data.effect === 'help_requested'
            ? `Student texted ${e.data.keyword} (a request for help or information)`
            : `Student texted ${e.data.keyword}: nothing restored, no SMS number is on file (the school must add one first)`,
      };
    case 'OptOutRequestFlagged':
      return {
        kind: 'opt_out_request',
        summary: `Possible request to stop texting ("${e.data.phrase}") flagged to ${e.data.staffId ?? 'school staff'}: if so, record the opt-out`,
      };
    default:
      return null;
  }
}
