import type { EventStore, RecordedEvent } from '../ports/event-store.port';

export const STREAM_PAGE_SIZE = 500;

/**
 * A stream read page by page, so a student with years of history is never held in memory at once
 * (exports, verification). Pages are read as the consumer asks for them, one page ahead: the database prepares
 * the next page while the consumer works through this one (at most two pages in memory).
 */
export async function* pagedStream(
  store: EventStore,
  streamId: string,
  fromRevision = 0n,
  pageSize = STREAM_PAGE_SIZE,
): AsyncGenerator<RecordedEvent> {
  const read = (from: bigint) => {
    const page = store.readStream(streamId, { fromRevision: from, maxCount: pageSize });
    // A consumer that stops early never awaits the page read ahead: its failure must not go unhandled.
    page.catch(() => undefined);
    return page;
  };
  let next = read(fromRevision);
  for (;;) {
    const page = await next;
    const full = page.length === pageSize;
    if (full) next = read(page[page.length - 1]!.revision + 1n);
    for (const event of page) yield event;
    if (!full) return;
  }
}

export interface WholeReadOptions {
  /** Inclusive. Default 0n. */
  fromRevision?: bigint;
  /** At most this many events; default: to the end of the stream. */
  maxCount?: number;
  /** Events per read. */
  chunk?: number;
  /** Reads in flight at once. */
  parallel?: number;
}

/** Big enough that round trips do not matter, small enough that PostgreSQL reads it in index order without a sort. */
export const WHOLE_READ_CHUNK = 1000;
export const WHOLE_READ_PARALLEL = 3;

/**
 * A stream (or a long stretch of it) that the caller needs all of at once (a replay, a history page), read as
 * consecutive chunks of revisions with a few reads in flight, so that the database serializes one chunk while this
 * process parses the one before (and, with several connections, several at once) instead of one read doing everything
 * in turn. The answer is the same as one readStream call with the same options.
 *
 * Revisions within a stream are consecutive, so chunk k starts at `fromRevision + k * chunk` before chunk k-1 has
 * arrived. Each chunk reads a prefix of the stream as of its own moment; the result ends at the first chunk that is
 * not full, so it is always a prefix of the stream as it stood at some moment (events are never rewritten). Should a
 * store ever return a chunk whose revisions are not the consecutive ones expected, the rest is read one chunk after
 * another from the last event kept.
 */
export async function readWholeStream(
  store: EventStore,
  streamId: string,
  options: WholeReadOptions = {},
): Promise<RecordedEvent[]> {
  const from = options.fromRevision ?? 0n;
  const chunk = options.chunk ?? WHOLE_READ_CHUNK;
  const parallel = Math.max(1, options.parallel ?? WHOLE_READ_PARALLEL);
  const max = options.maxCount;
  if (max !== undefined && max <= chunk) return store.readStream(streamId, { fromRevision: from, maxCount: max });

  const chunks = max === undefined ? Infinity : Math.ceil(max / chunk);
  const sizeOf = (k: number): number => (max === undefined ? chunk : Math.min(chunk, max - k * chunk));
  const startOf = (k: number): bigint => from + BigInt(k * chunk);
  const pending: Promise<RecordedEvent[]>[] = [];
  const issue = (k: number): void => {
    const read = store.readStream(streamId, { fromRevision: startOf(k), maxCount: sizeOf(k) });
    // Reads issued past the end are never awaited when an earlier one ends the stream.
    read.catch(() => undefined);
    pending.push(read);
  };
  let issued = 0;
  while (issued < Math.min(parallel, chunks)) issue(issued++);

  const out: RecordedEvent[] = [];
  for (let k = 0; k < chunks; k++) {
    const events = await pending[k]!;
    pending[k] = EMPTY;
    if (!consecutive(events, startOf(k))) {
      // Not the revisions expected (a store whose stream does not start at 0, say): the rest is read in order.
      const next = out.length > 0 ? out[out.length - 1]!.revision + 1n : from;
      out.push(...(await readInOrder(store, streamId, next, max === undefined ? undefined : max - out.length, chunk)));
      return out;
    }
    for (const e of events) out.push(e);
    if (events.length < sizeOf(k)) return out;
    if (issued < chunks) issue(issued++);
  }
  return out;
}

const EMPTY: Promise<RecordedEvent[]> = Promise.resolve([]);

function consecutive(events: readonly RecordedEvent[], start: bigint): boolean {
  return (
    events.length === 0 ||
    (events[0]!.revision === start && events[events.length - 1]!.revision === start + BigInt(events.length - 1))
  );
}

async function readInOrder(
  store: EventStore,
  streamId: string,
  from: bigint,
  max: number | undefined,
  chunk: number,
): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  let next = from;
  for (;;) {
    const want = max === undefined ? chunk : Math.min(chunk, max - out.length);
    if (want <= 0) return out;
    const events = await store.readStream(streamId, { fromRevision: next, maxCount: want });
    out.push(...events);
    if (events.length < want) return out;
    next = events[events.length - 1]!.revision + 1n;
  }
}
