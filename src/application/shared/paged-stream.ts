import type { EventStore, RecordedEvent } from '../ports/event-store.port';

export const STREAM_PAGE_SIZE = 500;

/**
 * A stream read page by page, so a student with years of history is never held in memory at once
 * (exports, verification). Pages are read as the consumer asks for them.
 */
export async function* pagedStream(store: EventStore, streamId: string, fromRevision = 0n, pageSize = STREAM_PAGE_SIZE): AsyncGenerator<RecordedEvent> {
  let from = fromRevision;
  for (;;) {
    const page = await store.readStream(streamId, { fromRevision: from, maxCount: pageSize });
    for (const event of page) yield event;
    if (page.length < pageSize) return;
    from = page[page.length - 1]!.revision + 1n;
  }
}
