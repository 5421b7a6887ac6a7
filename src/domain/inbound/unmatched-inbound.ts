import type { DomainEvent } from '../shared/event';

/**
 * A text from a number no student has on file (or shared by several students none of whom has been texted).
 * It is kept, never dropped: staff with access to the unmatched inbox can see it. One stream per UTC day keeps
 * streams short; providers retry within minutes, so de-duplication within the day is enough.
 */
export type InboundSmsUnmatched = DomainEvent<'InboundSmsUnmatched', {
  messageId: string;
  districtId: string;
  from: string;
  to: string | null;
  body: string;
  providerMessageId: string;
  reason: 'unknown_number' | 'ambiguous_number';
  /** The provider's body had characters we cannot store, kept as U+FFFD. */
  bodySanitized?: true;
}>;

export const unmatchedStreamId = (day: Date): string => `inbound-unmatched-${day.toISOString().slice(0, 10)}`;

export function decideUnmatched(seenProviderIds: ReadonlySet<string>, event: InboundSmsUnmatched['data']): InboundSmsUnmatched[] {
  if (seenProviderIds.has(event.providerMessageId)) return [];
  return [{ type: 'InboundSmsUnmatched', data: event }];
}
