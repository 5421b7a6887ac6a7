import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { EventMetadata } from '../../domain/shared/event';
import { copyText } from '../runner/copy-text';
import { chainLog, LOG_ROWS, logEntries, type ChainHead } from './communication-log.fold';

/**
 * A rebuild's preparation of the communication log, the same for every page (log-preparation.worker.ts runs it in a
 * worker thread, beside the rebuild): each page's rows built, hashed and chained (communication-log.fold.ts) from the
 * chain heads it keeps in memory, and turned into the COPY text the rebuild loads them with. A rebuild starts from
 * an empty table, so its heads start empty, and each page's rows are chained from the pages before it as prepared:
 * its result is right only while every page before it was loaded whole as prepared (ProjectionRunner.rebuild stops
 * using it at the first that was not).
 */
export class LogChainPreparation {
  private readonly heads = new Map<string, ChainHead>();
  private readonly encoder = new TextEncoder();

  page(events: readonly RecordedEvent[]): PreparedLogCopy {
    const rows = chainLog(this.heads, logEntries(events));
    // Its own ArrayBuffer (unlike a small Buffer's pooled one), so that it can be moved to another thread.
    return new PreparedLogCopy(this.encoder.encode(copyText(LOG_ROWS.columns, rows)), rows.length);
  }
}

/** A page's new log rows as COPY text (UTF-8), for the rebuild's fresh communication_log table, and their number. */
export class PreparedLogCopy {
  constructor(
    readonly copy: Uint8Array,
    readonly rows: number,
  ) {}
}

/**
 * An event as it is posted to the worker thread: an array (cheaper to copy across than the event object) with the
 * bigints as text; `data` and `metadata` are copied as they are (structured clone).
 */
export type EventTuple = [
  position: string,
  id: string,
  streamId: string,
  revision: string,
  type: string,
  data: unknown,
  metadata: EventMetadata,
  recordedAt: string,
];

export const toTuple = (e: RecordedEvent): EventTuple => [
  e.position.toString(),
  e.id,
  e.streamId,
  e.revision.toString(),
  e.type,
  e.data,
  e.metadata,
  e.recordedAt,
];

export const fromTuple = ([
  position,
  id,
  streamId,
  revision,
  type,
  data,
  metadata,
  recordedAt,
]: EventTuple): RecordedEvent => ({
  id,
  streamId,
  revision: BigInt(revision),
  position: BigInt(position),
  type,
  data,
  metadata,
  recordedAt,
});
