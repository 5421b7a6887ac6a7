import type { StudentEvent } from './student.events';

/**
 * What the student's replies need (replies.decide.ts, sender-pool.ts): the threads staff opened and each one's sender
 * number, which thread holds each reply, which provider texts are recorded already, and when a number last got the
 * no-thread answer.
 */
export interface RepliesState {
  /**
   * staff id -> the thread's sender number (null: sent with the gateway's default, no pool). Re-inserted on every
   * text, so the map's order is the order of each thread's latest text (the last entry texted last).
   */
  threadSenders: Map<string, string | null>;
  /** Staff who texted the student, most recent last (teacher-first routing). */
  lastOutboundStaffId: string | null;
  staffWithThreads: Set<string>;
  /** Inbound message id -> the staff member whose thread shows it now (after any move). */
  replyThreads: Map<string, string>;
  /** Provider ids of the texts recorded already (a provider's retry records nothing). */
  inboundProviderIds: Set<string>;
  /** Number -> the local day it last got the no-thread answer (at most one a day, whichever replica answers). */
  noThreadAnswered: Map<string, string>;
}

export const initialRepliesState = (): RepliesState => ({
  threadSenders: new Map(),
  lastOutboundStaffId: null,
  staffWithThreads: new Set(),
  replyThreads: new Map(),
  inboundProviderIds: new Set(),
  noThreadAnswered: new Map(),
});

/** Never throws (events are facts). */
export function evolveReplies(state: RepliesState, event: StudentEvent): void {
  switch (event.type) {
    case 'SmsQueued':
      state.threadSenders.delete(event.data.staffId);
      state.threadSenders.set(event.data.staffId, event.data.from ?? null);
      state.lastOutboundStaffId = event.data.staffId;
      state.staffWithThreads.add(event.data.staffId);
      return;
    case 'KeywordReplyQueued':
      if (event.data.kind === 'no_thread') state.noThreadAnswered.set(event.data.to, event.data.day);
      return;
    case 'SmsReceived':
      state.replyThreads.set(event.data.messageId, event.data.staffId);
      if (event.data.providerMessageId) state.inboundProviderIds.add(event.data.providerMessageId);
      return;
    case 'InboundSmsUnrouted':
      if (event.data.providerMessageId) state.inboundProviderIds.add(event.data.providerMessageId);
      return;
    case 'InboundSmsMoved':
      if (state.replyThreads.has(event.data.messageId))
        state.replyThreads.set(event.data.messageId, event.data.toStaffId);
      return;
    default:
      return;
  }
}
