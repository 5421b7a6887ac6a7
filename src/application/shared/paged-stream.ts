import type { EventStore, RecordedEvent } from '../ports/event-store.port';

export const STREAM_PAGE_SIZE = 500;

/**
 * A stream read page by page, so a student with years of history is never held in memory at once
 * (exports, verification). Pages are read as the consumer asks for them, one page ahead: the database prepares
 * the next page while the consumer works through this one (at most two pages in memory).
 */
export async function* pagedStream(store: EventStore, streamId: string, fromRevision = 0n, pageSize = STREAM_PAGE_SIZE): AsyncGenerator<RecordedEvent> {
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
