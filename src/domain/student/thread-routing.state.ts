import type { StudentEvent } from './student.events';

/** What routing a student's replies needs: each thread's sender number, and which thread holds each reply. */
export interface RoutingState {
  /**
   * staff id -> the thread's sender number (null: sent with the gateway's default, no pool). Re-inserted on every
   * text, so the map's order is the order of each thread's latest text (the last entry texted last).
   */
  threadSenders: Map<string, string | null>;
  /** Inbound message id -> the staff member whose thread shows it now (after any move). */
  replyThreads: Map<string, string>;
}

export const initialRoutingState = (): RoutingState => ({ threadSenders: new Map(), replyThreads: new Map() });

/** Applied with the core's evolve for every event; never throws (events are facts). */
export function evolveRouting(state: RoutingState, event: StudentEvent): void {
  switch (event.type) {
    case 'SmsQueued':
      state.threadSenders.delete(event.data.staffId);
      state.threadSenders.set(event.data.staffId, event.data.from ?? null);
      return;
    case 'SmsReceived':
      state.replyThreads.set(event.data.messageId, event.data.staffId);
      return;
    case 'InboundSmsMoved':
      if (state.replyThreads.has(event.data.messageId)) state.replyThreads.set(event.data.messageId, event.data.toStaffId);
      return;
    default:
      return;
  }
}
