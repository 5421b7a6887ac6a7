import type { AppendResult, EventToAppend, ExpectedRevision } from '../../application/ports/event-store.port';

/** What an adapter knows of a stored event, enough to recognise a repeated append. */
export interface StoredEventRef {
  id: string;
  streamId: string;
  revision: bigint;
  position: bigint;
}

/**
 * The port's repeat rule, in one place for every adapter: `stored` holds (at least) the stored events carrying the
 * append's ids, in any order. The append is a repeat when every id is there, in this stream, at consecutive
 * revisions in the append's order, starting right after an exact/no_stream expectation. Returns the original
 * append's result, or undefined when it is not a repeat (nothing, or only some of the ids, stored).
 */
export function repeatedAppendResult(
  stored: readonly StoredEventRef[],
  streamId: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
): AppendResult | undefined {
  const byId = new Map(stored.filter((e) => e.streamId === streamId).map((e) => [e.id, e]));
  const first = byId.get(events[0]?.id ?? '');
  if (!first) return undefined;
  if (expected === 'no_stream' && first.revision !== 0n) return undefined;
  if (typeof expected === 'bigint' && first.revision !== expected + 1n) return undefined;
  let last = first;
  for (const [i, event] of events.entries()) {
    const match = byId.get(event.id);
    if (!match || match.revision !== first.revision + BigInt(i)) return undefined;
    last = match;
  }
  return { nextExpectedRevision: last.revision, position: last.position };
}
