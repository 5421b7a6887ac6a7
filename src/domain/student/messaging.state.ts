import type { DeliveryStatus } from './delivery-status';
import type { KeywordReplyKind, ScheduleReason } from './student.events';
import type { StudentEvent } from './student.events';

/** What sending through a real network needs to know about one outbound text, beyond the core's message state. */
export interface DeliveryDetails {
  to: string;
  /** Not before this time (quiet hours or the sender's choice); null: as soon as possible. */
  scheduledFor: string | null;
  scheduledBecause?: ScheduleReason;
  /** Not before this time either: a retry is waiting. */
  retryAt: string | null;
  /**
   * An attempt was written down and its result is not known (in flight, or the process died, or the provider timed
   * out): the provider may have the text, so it is neither cancellable nor sent again without asking the provider.
   */
  awaitingResult: boolean;
  /** Provider ids of copies that were not delivered and were replaced by a retry: their late reports are ignored. */
  supersededProviderIds: readonly string[];
  /** Our number to send from (the one the student texted); absent or null: the gateway's default sender. */
  from?: string | null;
  /** Set for an automatic answer to a keyword (or to a text no thread takes): its own send-time rules. */
  reply?: KeywordReplyKind;
}

export interface MessagingState {
  delivery: Map<string, DeliveryDetails>;
  /** The number on file the phone network said cannot receive texts (until the registrar changes the number). */
  numberFlaggedInvalid: string | null;
  /** The carrier blocks this number (after STOP or a 21610) until the student texts START/UNSTOP/YES. */
  carrierBlocked: boolean;
  /** Number -> the local day it last got the no-thread answer (at most one a day, whichever replica answers). */
  noThreadAnswered: Map<string, string>;
}

/** Shared by every text never retried (most of them): a long history holds no empty array per text. */
const NONE: readonly string[] = Object.freeze([]);

export const initialMessagingState = (): MessagingState => ({ delivery: new Map(), numberFlaggedInvalid: null, carrierBlocked: false, noThreadAnswered: new Map() });

/** The parts of the student state this file touches (typed structurally, so student.state.ts can import this file). */
interface Slice extends MessagingState {
  optedOut: boolean;
  messages: Map<string, { status: DeliveryStatus; providerMessageId: string | null }>;
  profile: { smsNumber: string | null } | null;
}

/** Applied before the core's evolve for every event; never throws (events are facts). */
export function evolveMessaging(state: Slice, event: StudentEvent): void {
  switch (event.type) {
    case 'SmsQueued':
      state.delivery.set(event.data.messageId, {
        // The number on file's own string when it is the same: one copy, not one per text.
        to: state.profile?.smsNumber === event.data.to ? state.profile.smsNumber : event.data.to, scheduledFor: event.data.scheduledFor, scheduledBecause: event.data.scheduledBecause, retryAt: null, awaitingResult: false, supersededProviderIds: NONE,
      });
      return;
    case 'SmsSendAttempted': {
      const d = state.delivery.get(event.data.messageId);
      if (d) d.awaitingResult = true;
      // The number the attempt went to (the number on file then): lookups and invalid-number flags are about it.
      if (d && event.data.to) d.to = event.data.to;
      return;
    }
    case 'KeywordReplyQueued': {
      const { messageId, to, from, kind, day } = event.data;
      state.delivery.set(messageId, { to, from, reply: kind, scheduledFor: null, retryAt: null, awaitingResult: false, supersededProviderIds: NONE });
      if (kind === 'no_thread') state.noThreadAnswered.set(to, day);
      return;
    }
    case 'SmsRescheduled': {
      const d = state.delivery.get(event.data.messageId);
      if (d) Object.assign(d, { scheduledFor: event.data.scheduledFor, scheduledBecause: event.data.scheduledBecause });
      return;
    }
    case 'SmsSent':
    case 'SmsDelivered':
    case 'SmsFailed': {
      const d = state.delivery.get(event.data.messageId);
      if (d) Object.assign(d, { awaitingResult: false, retryAt: null });
      return;
    }
    case 'SmsRetryScheduled': {
      const { messageId, retryAt, outcome, supersededProviderMessageId } = event.data;
      const d = state.delivery.get(messageId);
      const m = state.messages.get(messageId);
      if (d) Object.assign(d, { retryAt, awaitingResult: outcome === 'unknown' });
      if (d && supersededProviderMessageId) d.supersededProviderIds = [...d.supersededProviderIds, supersededProviderMessageId];
      // A retry starts the text's journey again (an undelivered copy is replaced): back to queued on purpose.
      if (m && m.status !== 'delivered' && m.status !== 'cancelled') {
        m.status = 'queued';
        if (supersededProviderMessageId && m.providerMessageId === supersededProviderMessageId) m.providerMessageId = null;
      }
      return;
    }
    case 'SmsCancelled': {
      const m = state.messages.get(event.data.messageId);
      if (m && m.status === 'queued') m.status = 'cancelled';
      return;
    }
    case 'SmsNumberFlaggedInvalid':
      state.numberFlaggedInvalid = event.data.number;
      return;
    case 'ContactUpdated':
      // Any change to the SMS number is the registrar acting on the flag (or replacing the number).
      if (event.data.changes.smsNumber !== undefined) state.numberFlaggedInvalid = null;
      return;
    case 'SmsOptedOut':
      if (event.data.requestedBy === 'keyword' || event.data.requestedBy === 'carrier') state.carrierBlocked = true;
      return;
    case 'SmsConsentRestored':
      state.carrierBlocked = false;
      state.optedOut = false;
      return;
    default:
      return;
  }
}
