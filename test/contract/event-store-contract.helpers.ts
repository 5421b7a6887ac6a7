import { randomUUID } from 'node:crypto';
import type {
  EventStore,
  EventToAppend,
  RecordedEvent,
  Subscription,
} from '../../src/application/ports/event-store.port';
import type { EventMetadata } from '../../src/domain/shared/event';

/** A store may be shared by every test (and other processes): each test works on its own streams. */
export function newStreamId(label: string): string {
  return `contract-${label}-${randomUUID()}`;
}

export function metadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    actor: { id: randomUUID(), role: 'teacher', districtId: 'district-1', initials: 'A.Bell', name: 'Ada Bell' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    command: 'ContractTest',
    occurredAt: '2024-05-06T07:08:09.123Z',
    ...overrides,
  };
}

export function event(type = 'ContractEventHappened', data: unknown = { n: 1 }): EventToAppend {
  return { id: randomUUID(), type, data, metadata: metadata() };
}

export function events(count: number, type = 'ContractEventHappened'): EventToAppend[] {
  return Array.from({ length: count }, (_, i) => event(type, { i }));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Fails if `promise` does not settle within `ms`; clears its timer so jest can exit. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms}ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

export function expectStrictlyIncreasing(positions: readonly bigint[]): void {
  for (let i = 1; i < positions.length; i++) {
    if (!(positions[i]! > positions[i - 1]!)) {
      throw new Error(`positions not strictly increasing at ${i}: ${positions[i - 1]} then ${positions[i]}`);
    }
  }
}

/**
 * Pages through readAll from `after` and keeps the events of `streams`. readAll may lag behind committed appends
 * (the Postgres adapter waits for older transactions), so callers retry until the events they expect are there.
 */
export async function scanAll(
  store: EventStore,
  streams: ReadonlySet<string>,
  after?: bigint,
): Promise<RecordedEvent[]> {
  const mine: RecordedEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await store.readAll({ after: cursor, maxCount: 500 });
    if (page.length === 0) return mine;
    expectStrictlyIncreasing(page.map((e) => e.position));
    if (cursor !== undefined && page[0]!.position <= cursor)
      throw new Error('readAll returned an event at or before `after`');
    mine.push(...page.filter((e) => streams.has(e.streamId)));
    cursor = page[page.length - 1]!.position;
  }
}

export async function readAllEventually(
  store: EventStore,
  streams: ReadonlySet<string>,
  count: number,
  after?: bigint,
) {
  return eventually(
    async () => {
      const mine = await scanAll(store, streams, after);
      return mine.length >= count ? mine : undefined;
    },
    `${count} events of ${[...streams].join(', ')} in readAll`,
  );
}

/** Consumes a subscription in the background, keeping every event of `streams` and checking global order. */
export function collect(subscription: Subscription, streams: ReadonlySet<string> | ((e: RecordedEvent) => boolean)) {
  const keep = typeof streams === 'function' ? streams : (e: RecordedEvent) => streams.has(e.streamId);
  const seen: RecordedEvent[] = [];
  let previous: bigint | undefined;
  let failure: unknown;
  const done = (async () => {
    try {
      for await (const e of subscription) {
        if (previous !== undefined && e.position <= previous)
          throw new Error(`subscription went back: ${previous} then ${e.position}`);
        previous = e.position;
        if (keep(e)) seen.push(e);
      }
    } catch (error) {
      failure = error;
    }
  })();
  return {
    seen,
    done,
    async waitFor(count: number, timeoutMs = 15_000): Promise<RecordedEvent[]> {
      await eventually(
        async () => {
          if (failure) throw failure;
          return seen.length >= count ? true : undefined;
        },
        `${count} subscribed events`,
        timeoutMs,
      );
      return seen;
    },
    /** Ends the subscription and its loop, and fails if the loop failed. */
    async stop(): Promise<void> {
      await subscription.close();
      await done;
      if (failure) throw failure;
    },
  };
}
