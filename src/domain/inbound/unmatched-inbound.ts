import type { Decider, DecisionContext } from '../shared/decider';
import type { DomainEvent } from '../shared/event';

/**
 * A text from a number no student has on file (or shared by several students none of whom has been texted).
 * It is kept, never dropped: staff with access to the unmatched inbox can see it. One stream per UTC day keeps
 * streams short; providers retry within minutes, so de-duplication within the day is enough.
 */
export type InboundSmsUnmatched = DomainEvent<
  'InboundSmsUnmatched',
  {
    messageId: string;
    districtId: string;
    from: string;
    to: string | null;
    body: string;
    providerMessageId: string;
    reason: 'unknown_number' | 'ambiguous_number';
    /** The provider's body had characters we cannot store, kept as U+FFFD. */
    bodySanitized?: true;
  }
>;

/** Keep a text no student's stream takes (the name is the inbound command's, as the record has always said). */
export interface KeepUnmatchedInbound {
  type: 'ReceiveInboundSms';
  data: InboundSmsUnmatched['data'];
}

/**
 * What the day's inbox must know to decide: the texts it already holds, by district and provider id (a text from a
 * number students of several districts share is kept once in each of those districts' inboxes).
 */
export interface UnmatchedInboxState {
  kept: Set<string>;
}

const keptKey = (data: Pick<InboundSmsUnmatched['data'], 'districtId' | 'providerMessageId'>): string =>
  `${data.districtId} ${data.providerMessageId}`;

export const unmatchedStreamId = (day: Date): string => `inbound-unmatched-${day.toISOString().slice(0, 10)}`;

/** A provider's retry of a text already kept (in that district's inbox) records nothing. */
export function decideUnmatched(
  command: KeepUnmatchedInbound,
  state: UnmatchedInboxState,
  _ctx: DecisionContext,
): InboundSmsUnmatched[] {
  if (state.kept.has(keptKey(command.data))) return [];
  return [{ type: 'InboundSmsUnmatched', data: command.data }];
}

/** The unmatched inbox's rules in the shape every stream kind has (see Decider). */
export const unmatchedInboxDecider: Decider<KeepUnmatchedInbound, UnmatchedInboxState, InboundSmsUnmatched> = {
  initialState: () => ({ kept: new Set() }),
  evolve: (state, event) => {
    state.kept.add(keptKey(event.data));
    return state;
  },
  decide: decideUnmatched,
};
