import { textDigest } from '../shared/text-digest';
import { deliveryStatusAdvances, REPORTED_STATUS, type DeliveryStatus } from './delivery-status';
import type { KeywordReplyKind, ScheduleReason, StudentEvent } from './student.events';

/** Where one outbound text is in its lifecycle (outbound-text.decide.ts): its status and attempts. */
export interface OutboundMessageState {
  messageId: string;
  staffId: string;
  enrollmentId: string;
  status: DeliveryStatus;
  attempts: number;
  providerMessageId: string | null;
}

/** How one outbound text is being delivered: where to, when, and what the network said so far. */
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

/** Every outbound text of the student (a teacher's, or the service's automatic answer), from queued to final. */
export interface OutboundTextState {
  messages: Map<string, OutboundMessageState>;
  delivery: Map<string, DeliveryDetails>;
  /** idempotency key -> message id and a fingerprint of what was asked, to catch a key reused for another text. */
  idempotencyKeys: Map<string, { messageId: string; fingerprint: string }>;
}

/** The sender of the service's automatic answers that belong to no staff member's thread. */
export const SERVICE_SENDER = 'system:keyword-replies';

/** Shared by every text never retried (most of them): a long history holds no empty array per text. */
const NONE: readonly string[] = Object.freeze([]);

export const initialOutboundTextState = (): OutboundTextState => ({
  messages: new Map(),
  delivery: new Map(),
  idempotencyKeys: new Map(),
});

/**
 * What an idempotency key was first used for, kept per key for as long as the student's state lives: a digest of the
 * enrollment and the text rather than the text itself (a long history keeps one per text; see textDigest).
 */
export const sendFingerprint = (enrollmentId: string, body: string): string =>
  textDigest(`${enrollmentId}\u0000${body}`);

const queuedDelivery = (to: string, over: Partial<DeliveryDetails>): DeliveryDetails => ({
  to,
  scheduledFor: null,
  retryAt: null,
  awaitingResult: false,
  supersededProviderIds: NONE,
  ...over,
});

/**
 * The lifecycle of each outbound text, folded in one place: queued (or an automatic answer queued), rescheduled,
 * attempted, retried, cancelled, and the network's reports (forward only, delivery-status.ts). `numberOnFile` is the
 * student's SMS number, whose string a text to that number shares (one copy, not one per text). Never throws.
 */
export function evolveOutboundText(state: OutboundTextState, event: StudentEvent, numberOnFile: string | null): void {
  switch (event.type) {
    case 'SmsQueued': {
      const { messageId, staffId, enrollmentId, body, idempotencyKey, to, scheduledFor, scheduledBecause } = event.data;
      state.messages.set(messageId, {
        messageId,
        staffId,
        enrollmentId,
        status: 'queued',
        attempts: 0,
        providerMessageId: null,
      });
      state.delivery.set(
        messageId,
        queuedDelivery(numberOnFile === to ? numberOnFile : to, { scheduledFor, scheduledBecause }),
      );
      state.idempotencyKeys.set(idempotencyKey, { messageId, fingerprint: sendFingerprint(enrollmentId, body) });
      return;
    }
    case 'KeywordReplyQueued': {
      // An outbound text of the service's own: tracked like any text (attempt, status, retries), but it opens no thread.
      const { messageId, staffId, to, from, kind } = event.data;
      state.messages.set(messageId, {
        messageId,
        staffId: staffId ?? SERVICE_SENDER,
        enrollmentId: '',
        status: 'queued',
        attempts: 0,
        providerMessageId: null,
      });
      state.delivery.set(messageId, queuedDelivery(to, { from, reply: kind }));
      return;
    }
    case 'SmsRescheduled': {
      const d = state.delivery.get(event.data.messageId);
      if (d) Object.assign(d, { scheduledFor: event.data.scheduledFor, scheduledBecause: event.data.scheduledBecause });
      return;
    }
    case 'SmsSendAttempted': {
      const m = state.messages.get(event.data.messageId);
      const d = state.delivery.get(event.data.messageId);
      if (m) m.attempts = Math.max(m.attempts, event.data.attempt);
      if (d) d.awaitingResult = true;
      // The number the attempt went to (the number on file then): lookups and invalid-number flags are about it.
      if (d && event.data.to) d.to = event.data.to;
      return;
    }
    case 'SmsSent':
    case 'SmsDelivered':
    case 'SmsFailed': {
      const m = state.messages.get(event.data.messageId);
      const d = state.delivery.get(event.data.messageId);
      if (d) Object.assign(d, { awaitingResult: false, retryAt: null });
      if (!m) return;
      const next = REPORTED_STATUS[event.type];
      if (deliveryStatusAdvances(m.status, next)) m.status = next;
      if ('providerMessageId' in event.data && event.data.providerMessageId)
        m.providerMessageId = event.data.providerMessageId;
      return;
    }
    case 'SmsRetryScheduled': {
      const { messageId, retryAt, outcome, supersededProviderMessageId } = event.data;
      const d = state.delivery.get(messageId);
      const m = state.messages.get(messageId);
      if (d) Object.assign(d, { retryAt, awaitingResult: outcome === 'unknown' });
      if (d && supersededProviderMessageId)
        d.supersededProviderIds = [...d.supersededProviderIds, supersededProviderMessageId];
      // A retry starts the text's journey again (an undelivered copy is replaced): back to queued on purpose.
      if (m && m.status !== 'delivered' && m.status !== 'cancelled') {
        m.status = 'queued';
        if (supersededProviderMessageId && m.providerMessageId === supersededProviderMessageId)
          m.providerMessageId = null;
      }
      return;
    }
    case 'SmsCancelled': {
      const m = state.messages.get(event.data.messageId);
      if (m && m.status === 'queued') m.status = 'cancelled';
      return;
    }
    default:
      return;
  }
}
