import type { EventMetadata } from '../../domain/shared/event';

/**
 * The event store port. Two adapters ship (PostgreSQL, the embedded default; EventStoreDB, production) plus an
 * in-memory one, and all pass ONE contract suite (test/contract/event-store.contract.ts).
 *
 * Revisions are per stream and 0-based (the first event of a stream has revision 0n), as in EventStoreDB.
 * Positions are global, strictly increasing in log order, NOT dense (gaps are normal), and always bigint.
 */
export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | bigint;

export interface EventToAppend {
  /** The event's own id (UUID). Stores that can use it for idempotent retries do. */
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface RecordedEvent {
  id: string;
  streamId: string;
  revision: bigint;
  position: bigint;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  /** When the store recorded it (ISO-8601). */
  recordedAt: string;
}

export interface AppendResult {
  /** Revision of the last event written: pass it as the expected revision of the next append. */
  nextExpectedRevision: bigint;
  /** Global position of the last event written. */
  position: bigint;
}

export interface ReadStreamOptions {
  /** Inclusive. Default 0n. */
  fromRevision?: bigint;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit to read from the start. */
  after?: bigint;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: the subscription yields events strictly after it. Omit to start at the beginning. */
  after?: bigint;
}

/** A live, ordered, back-pressured view of the whole log. Consume with `for await`; `close()` ends it. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  /**
   * Appends atomically. Throws ConcurrencyError when the stream is not at `expected`, AppendTooLargeError when the
   * store refuses the size.
   *
   * Repeats: an append whose events are ALL already stored, with the same ids in the same order as consecutive
   * events of this stream (for an exact revision or 'no_stream': right after it), is answered with the original
   * result and writes nothing; that is what a caller retrying an append of unknown outcome relies on. Retry with
   * the SAME ids, never new ones. (EventStoreDB recognises 'any' repeats only within its idempotency window; the
   * adapter covers its own retries, see docs/eventstoredb.md.) Some but not all ids stored: an error, nothing written.
   */
  append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream in revision order; an unknown stream reads as []. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** A page of the whole log in position order, user events only. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Reports whether the store answers (for /health). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

/** Thrown by `append` when the expected revision does not hold. */
export class ConcurrencyError extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Stream ${streamId} was expected at ${String(expected)} but is at ${String(actual)}`);
    this.name = 'ConcurrencyError';
  }
}

/** Thrown by `append` when the store's limit on one append's size is exceeded: the caller must send less at once. */
export class AppendTooLargeError extends Error {
  readonly code = 'APPEND_TOO_LARGE';
  constructor(
    readonly streamId: string,
    readonly maxAppendSize: number,
  ) {
    super(`The append to ${streamId} exceeds the event store's limit of ${maxAppendSize} bytes per append`);
    this.name = 'AppendTooLargeError';
  }
}

/** Thrown by any adapter when the store cannot be reached; the API answers 503 EVENT_STORE_UNAVAILABLE. */
export class EventStoreUnavailableError extends Error {
  readonly code = 'EVENT_STORE_UNAVAILABLE';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'EventStoreUnavailableError';
  }
}
