import {
  ConcurrencyError,
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

/**
 * Event store for unit tests and local runs: the whole log lives in one array.
 * Everything is deep-copied in and out so callers can never mutate what was "stored", which is what a real store
 * guarantees by serialising.
 */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly eventIds = new Set<string>();
  private readonly subscriptions = new Set<InMemorySubscription>();
  private nextPosition = 1n;
  private closed = false;

  append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.guard(() => {
      if (events.length === 0) throw new RangeError(`append to ${streamId} needs at least one event`);
      const stream = this.streams.get(streamId) ?? [];
      const actual = stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1);
      const ids = new Set(events.map((e) => e.id));
      const reused = [...ids].some((id) => this.eventIds.has(id));
      // A repeat of a committed append is answered with its original result (the port's rule).
      const repeat =
        reused || !satisfies(expected, actual) ? repeatedAppendResult(stream, streamId, events, expected) : undefined;
      if (repeat) return repeat;
      if (!satisfies(expected, actual)) throw new ConcurrencyError(streamId, expected, actual);
      // Mirrors the Postgres adapter's unique event id: a reused id is a bug upstream, not something to store twice.
      if (ids.size < events.length || reused) {
        throw new Error(`An event of this append to ${streamId} has an id that is already stored`);
      }
      const recordedAt = new Date().toISOString();
      // Clone everything before touching the log, so a non-cloneable payload fails the append as a whole.
      const recorded = events.map<RecordedEvent>((e, i) => ({
        id: e.id,
        streamId,
        revision: BigInt(stream.length + i),
        position: this.nextPosition + BigInt(i),
        type: e.type,
        data: structuredClone(e.data),
        metadata: structuredClone(e.metadata),
        recordedAt,
      }));
      // Leave a gap after every append: real stores' positions are not dense, and consumers must not rely on it.
      this.nextPosition += BigInt(events.length) + 1n;
      this.streams.set(streamId, [...stream, ...recorded]);
      this.log.push(...recorded);
      for (const e of recorded) this.eventIds.add(e.id);
      for (const s of this.subscriptions) s.wake();
      const last = recorded[recorded.length - 1]!;
      return { nextExpectedRevision: last.revision, position: last.position };
    });
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.guard(() => {
      const from = Math.max(0, Number(options.fromRevision ?? 0n));
      const stream = this.streams.get(streamId) ?? [];
      const end = options.maxCount === undefined ? undefined : from + options.maxCount;
      return stream.slice(from, end).map(copy);
    });
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.guard(() => {
      const start = firstIndexAfter(this.log, options.after);
      const end = options.maxCount === undefined ? undefined : start + options.maxCount;
      return this.log.slice(start, end).map(copy);
    });
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const subscription = new InMemorySubscription(this.log, options.after, (s) => this.subscriptions.delete(s));
    if (this.closed) void subscription.close();
    else this.subscriptions.add(subscription);
    return subscription;
  }

  ping(): Promise<void> {
    return this.guard(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
  }

  private guard<T>(work: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new EventStoreUnavailableError('The in-memory event store is closed'));
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
}

/**
 * Reads the shared log at its own pace through an index, so a slow consumer back-pressures only itself and can
 * never lose or reorder events; it parks on a wake-up only when it has caught up.
 */
class InMemorySubscription implements Subscription {
  private closed = false;
  private parked: (() => void) | undefined;
  private readonly iterator: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly log: readonly RecordedEvent[],
    after: bigint | undefined,
    private readonly onClose: (s: InMemorySubscription) => void,
  ) {
    this.iterator = this.run(after);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  wake(): void {
    const parked = this.parked;
    this.parked = undefined;
    parked?.();
  }

  close(): Promise<void> {
    this.closed = true;
    this.wake();
    this.onClose(this);
    return Promise.resolve();
  }

  private async *run(after: bigint | undefined): AsyncGenerator<RecordedEvent> {
    let index = firstIndexAfter(this.log, after);
    try {
      while (!this.closed) {
        if (index < this.log.length) {
          yield copy(this.log[index++]!);
          continue;
        }
        // No await between the length check and parking: an append cannot slip in unseen.
        await new Promise<void>((resolve) => (this.parked = resolve));
      }
    } finally {
      this.closed = true;
      this.onClose(this);
    }
  }
}

function satisfies(expected: ExpectedRevision, actual: bigint | 'no_stream'): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 'no_stream';
  if (expected === 'stream_exists') return actual !== 'no_stream';
  return actual === expected;
}

/** Binary search: positions are strictly increasing along the log. */
function firstIndexAfter(log: readonly RecordedEvent[], after: bigint | undefined): number {
  if (after === undefined) return 0;
  let low = 0;
  let high = log.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (log[mid]!.position <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}

function copy(event: RecordedEvent): RecordedEvent {
  return { ...event, data: structuredClone(event.data), metadata: structuredClone(event.metadata) };
}
