/**
 * EventStore port over EventStoreDB (gRPC, @eventstore/db-client 6.x; the same API continues as
 * @kurrent/kurrentdb-client for KurrentDB servers). Selected with EVENT_STORE=eventstoredb and EVENTSTORE_URL.
 *
 * - Expected revisions map one to one ('no_stream' | 'any' | 'stream_exists' | exact bigint, 0-based as in
 *   EventStoreDB); WrongExpectedVersionError becomes ConcurrencyError.
 * - Event ids are the events' own ids. An append whose outcome is unknown (timeout, dropped connection: the write
 *   may have committed anyway) is retried here with the SAME ids, and the stream is checked for them first, since
 *   the server recognises a repeat of an 'any' append only while its bounded id cache remembers it (lost on restart
 *   or leader change). See docs/eventstoredb.md, "Idempotency".
 * - MaxAppendSizeExceeded (the server's --max-append-size) becomes AppendTooLargeError.
 * - Positions: see eventstoredb-event-mapper.ts (commit position, bigint, one per event).
 * - User events only: readAll drops `$`-prefixed event types. The 6.x client's readAll has no server-side filter
 *   option, so it filters page by page here; subscribeToAll filters on the server.
 * - Every call is bounded by `operationTimeoutMs` and connection failures become EventStoreUnavailableError.
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  START,
  StreamNotFoundError,
  type ReadPosition,
  type ReadStreamOptions as ReadStreamClientOptions,
} from '@eventstore/db-client';
import {
  EventStoreUnavailableError,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../../../application/ports/event-store.port';
import { repeatedAppendResult } from '../repeated-append';
import { toPortError, withTimeout } from './eventstoredb-errors';
import {
  isSystemEventType,
  positionOf,
  toClientPosition,
  toEventData,
  toRecordedEvent,
} from './eventstoredb-event-mapper';
import {
  EventStoreDbSubscription,
  type EventStoreDbLogger,
  type ResubscribeOptions,
} from './eventstoredb-subscription';

export interface EventStoreDbEventStoreOptions {
  /** Upper bound of one append/read/ping, in ms (the client sets no deadline on those calls). Default 10 000. */
  operationTimeoutMs?: number;
  /** Events per $all page read by readAll. Default 500. */
  readAllPageSize?: number;
  resubscribe?: ResubscribeOptions;
  /** Told about subscription drops and retries. */
  logger?: EventStoreDbLogger;
  /** Retries of an append whose outcome is unknown, with the same event ids. Default 3. */
  appendRetries?: number;
  /** Pause before the first such retry, doubled for each next one. Default 200 ms. */
  appendRetryDelayMs?: number;
}

/** How far back the stream is searched for the events of an 'any' append of unknown outcome. */
const REPEAT_SEARCH_WINDOW = 500;
/** Ids of given-up 'any' appends remembered (oldest forgotten first). */
const UNCERTAIN_IDS_KEPT = 10_000;

export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  /** Only a client this adapter created is disposed by close(). */
  private readonly ownsClient: boolean;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  /**
   * First ids of 'any'/'stream_exists' appends this adapter gave up on (503) while their outcome was unknown. When the
   * caller re-sends such an append (same ids, e.g. a retried request) the stream is searched for it first: the
   * server's id cache may no longer know it (restart, leader change).
   */
  private readonly uncertain = new Set<string>();
  private closed = false;

  /** @param connection an `esdb://` / `esdb+discover://` connection string, or a client to share. */
  constructor(
    connection: string | EventStoreDBClient,
    private readonly options: EventStoreDbEventStoreOptions = {},
  ) {
    this.ownsClient = typeof connection === 'string';
    this.client = typeof connection === 'string' ? EventStoreDBClient.connectionString(connection) : connection;
    this.timeoutMs = options.operationTimeoutMs ?? 10_000;
    this.pageSize = Math.max(2, options.readAllPageSize ?? 500);
  }

  async append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    const what = `append to ${streamId}`;
    // As the other adapters: an empty append is a caller bug (the server would answer it without a position).
    if (events.length === 0) throw new RangeError(`${what} needs at least one event`);
    const retries = this.options.appendRetries ?? 3;
    // The retries share the one operation budget, so an append answers within operationTimeoutMs all told.
    const deadline = Date.now() + this.timeoutMs;
    // The server recognises an 'any'/'stream_exists' repeat only from its id cache, which a restart empties.
    const byCacheOnly = typeof expected !== 'bigint' && expected !== 'no_stream';
    const key = events[0]!.id;
    let outcomeUnknown = byCacheOnly && this.uncertain.has(key);
    for (let attempt = 0; ; attempt++) {
      this.assertOpen();
      const budget = attempt === 0 ? this.timeoutMs : deadline - Date.now();
      try {
        const written =
          outcomeUnknown && byCacheOnly ? await this.findRepeat(streamId, events, expected, deadline) : undefined;
        const result = written ?? (await this.appendOnce(streamId, events, expected, what, budget));
        this.uncertain.delete(key);
        return result;
      } catch (raw) {
        // No conflict here is our own earlier write: for an exact revision the server compares the ids with the events
        // after it and answers a repeat as the original, restarts or not (IndexWriter.CheckCommit).
        const error = toPortError(raw, what, { streamId, expected });
        const pause = (this.options.appendRetryDelayMs ?? 200) * 2 ** attempt;
        if (!(error instanceof EventStoreUnavailableError) || attempt >= retries || Date.now() + pause >= deadline) {
          if (error instanceof EventStoreUnavailableError && byCacheOnly) this.rememberUncertain(key);
          throw error;
        }
        outcomeUnknown = true;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private rememberUncertain(id: string): void {
    this.uncertain.add(id);
    if (this.uncertain.size > UNCERTAIN_IDS_KEPT) this.uncertain.delete(this.uncertain.values().next().value!);
  }

  private async appendOnce(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
    what: string,
    budgetMs: number,
  ): Promise<AppendResult> {
    const result = await withTimeout(
      this.client.appendToStream(streamId, events.map(toEventData), { expectedRevision: expected }),
      budgetMs,
      what,
    );
    // The reply's position is the last written event's (commit = prepare); see the mapper for the scheme.
    const position = result.position
      ? positionOf({ id: streamId, position: result.position })
      : await this.lastPositionOf(streamId);
    return { nextExpectedRevision: result.nextExpectedRevision, position };
  }

  /** The original result if these events are already in the stream as this append would have written them. */
  private async findRepeat(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
    deadline: number,
  ): Promise<AppendResult | undefined> {
    const exact = typeof expected === 'bigint' || expected === 'no_stream';
    const read: ReadStreamClientOptions = exact
      ? { fromRevision: expected === 'no_stream' ? 0n : expected + 1n, maxCount: events.length }
      : { direction: BACKWARDS, fromRevision: END, maxCount: REPEAT_SEARCH_WINDOW };
    return repeatedAppendResult(
      await this.readEvents(streamId, read, Math.max(1, deadline - Date.now())),
      streamId,
      events,
      expected,
    );
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    return this.readEvents(streamId, {
      fromRevision: options.fromRevision ?? START,
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    });
  }

  /** One stream read of the client, as port events; an unknown stream reads as []. */
  private async readEvents(
    streamId: string,
    options: ReadStreamClientOptions,
    timeoutMs = this.timeoutMs,
  ): Promise<RecordedEvent[]> {
    const read = this.client.readStream(streamId, options);
    try {
      const events = await withTimeout(collect(read), timeoutMs, `read ${streamId}`, () => void read.cancel());
      return events.flatMap((resolved) => (resolved.event ? [toRecordedEvent(resolved.event)] : []));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toPortError(error, `read ${streamId}`);
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    // Forward $all reads include the event at the start position: `seen` makes `after` exclusive.
    let seen = options.after ?? -1n;
    let from: ReadPosition = options.after === undefined ? START : toClientPosition(options.after);
    while (events.length < limit) {
      // Ask for what is still missing (+1: the start event comes back), at least 2 so every page moves on.
      const size = Math.max(2, Math.min(this.pageSize, limit - events.length + 1));
      const page = await this.readAllPage(from, size);
      for (const event of page) {
        const position = positionOf(event);
        if (position <= seen) continue;
        seen = position;
        if (!isSystemEventType(event.type)) events.push(toRecordedEvent(event));
        if (events.length >= limit) break;
      }
      if (page.length < size) break;
      from = page[page.length - 1].position;
    }
    return events;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const subscription = new EventStoreDbSubscription(
      this.client,
      options.after,
      {
        initialDelayMs: this.options.resubscribe?.initialDelayMs ?? 200,
        maxDelayMs: this.options.resubscribe?.maxDelayMs ?? 10_000,
      },
      this.options.logger,
      (closed) => this.subscriptions.delete(closed),
    );
    if (this.closed) void subscription.close();
    else this.subscriptions.add(subscription);
    return subscription;
  }

  /** One backwards read of the newest $all event: proves the server answers reads, within the timeout. */
  async ping(): Promise<void> {
    this.assertOpen();
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    try {
      await withTimeout(collect(read), this.timeoutMs, 'ping', () => void read.cancel());
    } catch (error) {
      throw toPortError(error, 'ping');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    if (this.ownsClient) await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The EventStoreDB event store is closed');
  }

  private async readAllPage(from: ReadPosition, maxCount: number) {
    const read = this.client.readAll({ fromPosition: from, maxCount });
    try {
      const page = await withTimeout(collect(read), this.timeoutMs, 'read $all', () => void read.cancel());
      return page.flatMap((resolved) => (resolved.event ? [resolved.event] : []));
    } catch (error) {
      throw toPortError(error, 'read $all');
    }
  }

  /** Fallback when an append reply carries no position: the stream's newest event holds it. */
  private async lastPositionOf(streamId: string): Promise<bigint> {
    const read = this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    const [last] = await withTimeout(collect(read), this.timeoutMs, `read ${streamId}`, () => void read.cancel());
    if (!last?.event) throw new Error(`EventStoreDB returned no position for the append to ${streamId}`);
    return positionOf(last.event);
  }
}

async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
}
