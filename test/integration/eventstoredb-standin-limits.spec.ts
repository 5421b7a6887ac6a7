import { randomUUID } from 'node:crypto';
import {
  DeadlineExceededError,
  EventStoreDBClient,
  MaxAppendSizeExceededError,
  binaryEvent,
  jsonEvent,
} from '@eventstore/db-client';
import { AppendTooLargeError } from '../../src/application/ports/event-store.port';
import { EventStoreDbEventStore } from '../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store';
import { standInEvent } from '../support/eventstoredb-standin/eventstoredb-standin.events';
import {
  startEventStoreDbStandIn,
  type EventStoreDbStandIn,
} from '../support/eventstoredb-standin/eventstoredb-standin.server';

/**
 * The server behaviours of issue 13 item 9, on the gRPC stand-in (not a real server): the maximum append size,
 * BatchAppend's deadline and write timeout (a write answered Timeout that still commits), and the bounded id cache
 * behind the idempotency of 'any' appends; then what the adapter makes of them.
 */
const event = standInEvent;
const stream = (label: string) => `limits-${label}-${randomUUID()}`;
/** A binary event of exactly `size` bytes as the server measures it: data + metadata + 2 x type length ("t" = 2). */
const sized = (size: number, id = randomUUID()) => binaryEvent({ id, type: 't', data: new Uint8Array(size - 2) });

describe.each([
  ['BatchAppend', true],
  ['Append', false],
])('EventStoreDB stand-in limits, through %s', (_path, batchAppend) => {
  let standIn: EventStoreDbStandIn;
  let client: EventStoreDBClient;
  let store: EventStoreDbEventStore;

  beforeAll(async () => {
    standIn = await startEventStoreDbStandIn({ batchAppend });
    client = EventStoreDBClient.connectionString(standIn.url);
    store = new EventStoreDbEventStore(client, { operationTimeoutMs: 5_000, appendRetryDelayMs: 50 });
  });
  afterEach(() =>
    Object.assign(standIn.writes, {
      maxAppendSize: 1024 * 1024,
      writeDelayMs: 0,
      writeTimeoutMs: 2_000,
      slowWrites: Infinity,
    }),
  );
  afterAll(async () => {
    await store.close();
    await client.dispose();
    await standIn.stop();
  });

  it('refuses an append over 1 MiB by default with MaxAppendSizeExceeded, writing nothing; exactly 1 MiB passes', async () => {
    const id = stream('mib');
    const half = 512 * 1024;
    await expect(client.appendToStream(id, [sized(half), sized(half + 1)])).rejects.toMatchObject({
      maxAppendSize: 1024 * 1024,
    });
    await expect(client.appendToStream(id, [sized(half), sized(half + 1)])).rejects.toBeInstanceOf(
      MaxAppendSizeExceededError,
    );
    expect(standIn.log.stream(id)).toBeUndefined();
    await client.appendToStream(id, [sized(half), sized(half)]);
    expect(standIn.log.stream(id)).toHaveLength(2);
  });

  it('the adapter maps it to AppendTooLargeError carrying the limit; a smaller append still goes through', async () => {
    standIn.writes.maxAppendSize = 4_000;
    const id = stream('adapter');
    const error = await store
      .append(id, [event({ text: 'x'.repeat(2_500) }), event({ text: 'y'.repeat(2_500) })], 'no_stream')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppendTooLargeError);
    expect(error).toMatchObject({ code: 'APPEND_TOO_LARGE', streamId: id, maxAppendSize: 4_000 });
    expect(standIn.log.stream(id)).toBeUndefined();
    await expect(store.append(id, [event({ text: 'x'.repeat(2_500) })], 'no_stream')).resolves.toMatchObject({
      nextExpectedRevision: 0n,
    });
  });

  it('answers a write slower than the write timeout with a timeout, and commits it all the same', async () => {
    Object.assign(standIn.writes, { writeDelayMs: 300, writeTimeoutMs: 100 });
    const id = stream('slow');
    const error = await client.appendToStream(id, [jsonEvent({ type: 'Slow', data: {} })]).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: batchAppend ? 'deadline-exceeded' : 'timeout' });
    expect(standIn.log.stream(id)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(standIn.log.stream(id)).toHaveLength(1);
  });

  it('the adapter retries a timed-out append with the same ids: committed once, original result (exact revision)', async () => {
    const id = stream('retry-exact');
    const first = event();
    const head = await store.append(id, [first], 'no_stream');
    Object.assign(standIn.writes, { writeDelayMs: 150, writeTimeoutMs: 50, slowWrites: 1 });
    const batch = [event(), event()];
    const result = await store.append(id, batch, head.nextExpectedRevision);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the slow original has committed by now
    expect(standIn.log.stream(id)!.map((e) => e.id)).toEqual([first, ...batch].map((e) => e.id));
    expect(result.nextExpectedRevision).toBe(2n);
    expect(result.position).toBe(standIn.log.stream(id)![2]!.position);
  });

  it("the adapter finds an 'any' append that committed before a restart emptied the id cache: not written twice", async () => {
    const id = stream('retry-any');
    await store.append(id, [event()], 'any');
    // A store that waits long enough before its retry for the stand-in to restart in between.
    const patient = new EventStoreDbEventStore(standIn.url, { operationTimeoutMs: 5_000, appendRetryDelayMs: 600 });
    try {
      Object.assign(standIn.writes, { writeDelayMs: 150, writeTimeoutMs: 50, slowWrites: 1 });
      const batch = [event(), event()];
      const appended = patient.append(id, batch, 'any');
      await new Promise((resolve) => setTimeout(resolve, 300)); // answered Timeout, then committed
      expect(standIn.log.stream(id)).toHaveLength(3);
      await standIn.restart(); // the server forgets its recent event ids
      const result = await appended;
      expect(
        standIn.log
          .stream(id)!
          .map((e) => e.id)
          .slice(1),
      ).toEqual(batch.map((e) => e.id));
      expect(result.nextExpectedRevision).toBe(2n);
    } finally {
      await patient.close();
    }
  });
});

describe('EventStoreDB adapter: an any append it gave up on (503) is looked for when the caller sends it again', () => {
  it('after the server restarted (its id cache empty), the re-sent append is found in the stream, not written twice', async () => {
    const standIn = await startEventStoreDbStandIn();
    const store = new EventStoreDbEventStore(standIn.url, { operationTimeoutMs: 1_000, appendRetryDelayMs: 100 });
    try {
      const id = stream('given-up');
      await store.append(id, [event()], 'any');
      Object.assign(standIn.writes, { writeDelayMs: 200, writeTimeoutMs: 50, slowWrites: 1 });
      const batch = [event(), event()];
      const appended = store.append(id, batch, 'any').catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 100)); // answered Timeout; the commit is still to come
      await standIn.stop(); // ... and every retry of the adapter finds the server gone
      await expect(appended).resolves.toMatchObject({ name: 'EventStoreUnavailableError' });
      expect(standIn.log.stream(id)).toHaveLength(3); // it had committed all the same
      await standIn.restart();
      await expect(store.append(id, batch, 'any')).resolves.toMatchObject({ nextExpectedRevision: 2n });
      expect(
        standIn.log
          .stream(id)!
          .map((e) => e.id)
          .slice(1),
      ).toEqual(batch.map((e) => e.id));
    } finally {
      await store.close();
      await standIn.stop();
    }
  });
});

describe('EventStoreDB stand-in idempotency window (as the server: id cache for any, the stream for exact revisions)', () => {
  let standIn: EventStoreDbStandIn;
  let client: EventStoreDBClient;
  beforeAll(async () => {
    standIn = await startEventStoreDbStandIn({ idempotencyCacheEntries: 4 });
    client = EventStoreDBClient.connectionString(standIn.url);
  });
  afterAll(async () => {
    await client.dispose();
    await standIn.stop();
  });

  const repeat = () => [jsonEvent({ id: randomUUID(), type: 'Once', data: {} })];

  it("writes an 'any' repeat again once a restart has emptied the cache; an exact-revision repeat stays idempotent", async () => {
    const id = stream('restart');
    const once = repeat();
    await client.appendToStream(id, once, { expectedRevision: 'no_stream' });
    await client.appendToStream(id, once, { expectedRevision: 'any' });
    expect(standIn.log.stream(id)).toHaveLength(1);
    await standIn.restart();
    // The client's BatchAppend stream died with the connection: its next append fails once, then it reconnects.
    await client.appendToStream(stream('reconnect'), repeat()).catch(() => undefined);
    await client.appendToStream(id, once, { expectedRevision: 'no_stream' });
    expect(standIn.log.stream(id)).toHaveLength(1);
    await client.appendToStream(id, once, { expectedRevision: 'any' });
    expect(standIn.log.stream(id)).toHaveLength(2); // the server's real behaviour: a duplicate
  });

  it("writes an 'any' repeat again once newer events pushed its ids out of the bounded cache", async () => {
    const id = stream('evicted');
    const once = repeat();
    await client.appendToStream(id, once, { expectedRevision: 'any' });
    for (let i = 0; i < 4; i++) await client.appendToStream(stream('other'), repeat(), { expectedRevision: 'any' });
    await client.appendToStream(id, once, { expectedRevision: 'any' });
    expect(standIn.log.stream(id)!.map((e) => e.id)).toEqual([once[0]!.id, once[0]!.id]);
  });

  it('answers Timeout at once to a BatchAppend whose deadline has already passed, and writes nothing', async () => {
    const id = stream('deadline');
    await expect(client.appendToStream(id, repeat(), { deadline: 0 })).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(standIn.log.stream(id)).toBeUndefined();
  });
});
