import { randomUUID } from 'node:crypto';
import { ConcurrencyError } from '../../src/application/ports/event-store.port';
import { EventStoreDbEventStore } from '../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store';
import { standInEvent } from '../support/eventstoredb-standin/eventstoredb-standin.events';
import {
  startEventStoreDbStandIn,
  type EventStoreDbStandIn,
} from '../support/eventstoredb-standin/eventstoredb-standin.server';

const event = standInEvent;
const stream = (label: string) => `standin-${label}-${randomUUID()}`;

// Both append paths of the real client: BatchAppend (what it uses against a 24.x server) and the older Append.
describe.each([
  ['BatchAppend', true],
  ['Append (stand-in without BatchAppend)', false],
])('EventStoreDB adapter against the gRPC stand-in, appending through %s', (_path, batchAppend) => {
  let standIn: EventStoreDbStandIn;
  let store: EventStoreDbEventStore;

  beforeAll(async () => {
    // Positions past 2^53: they must reach the caller exactly, i.e. never pass through a JS number.
    standIn = await startEventStoreDbStandIn({ batchAppend, firstPosition: 2n ** 60n });
    store = new EventStoreDbEventStore(standIn.url, { operationTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    await store.close();
    await standIn.stop();
  });

  it('maps the wrong-expected-version reply to ConcurrencyError for exact, no_stream and stream_exists', async () => {
    const id = stream('conflict');
    await store.append(id, [event(), event()], 'no_stream');
    await expect(store.append(id, [event()], 0n)).rejects.toMatchObject({
      name: 'ConcurrencyError',
      streamId: id,
      expected: 0n,
      actual: 1n,
    });
    await expect(store.append(id, [event()], 'no_stream')).rejects.toMatchObject({ expected: 'no_stream', actual: 1n });
    const missing = stream('missing');
    const error = await store.append(missing, [event()], 'stream_exists').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: missing, expected: 'stream_exists', actual: 'no_stream' });
  });

  it('a retried append with the same event ids is answered idempotently and written once', async () => {
    const id = stream('retry');
    const batch = [event(), event(), event()];
    const first = await store.append(id, batch, 'no_stream');
    // e.g. the reply was lost and the caller retries the very same command: same ids, same expected revision.
    await expect(store.append(id, batch, 'no_stream')).resolves.toEqual(first);
    await expect(store.append(id, batch, 'any')).resolves.toEqual(first);
    const next = [event()];
    const second = await store.append(id, next, first.nextExpectedRevision);
    await expect(store.append(id, next, first.nextExpectedRevision)).resolves.toEqual(second);
    expect((await store.readStream(id)).map((e) => e.id)).toEqual([...batch, ...next].map((e) => e.id));
    expect(standIn.log.stream(id)).toHaveLength(4);
  });

  it('gives every event of one append its own position (commit = prepare), beyond 2^53, exact as bigint', async () => {
    const id = stream('positions');
    const result = await store.append(id, [event(), event(), event()], 'no_stream');
    const read = await store.readStream(id);
    const wire = standIn.log.stream(id)!.map((record) => record.position);
    expect(read.map((e) => e.position)).toEqual(wire);
    expect(new Set(wire).size).toBe(3);
    expect(read[0]!.position > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(result.position).toBe(wire[2]);
  });

  it('turns the stand-in\'s .NET-tick "created" into recordedAt (ISO, millisecond precision)', async () => {
    const id = stream('time');
    await store.append(id, [event()], 'no_stream');
    const [recorded] = await store.readStream(id);
    const ticks = standIn.log.stream(id)![0]!.createdTicks;
    expect(recorded!.recordedAt).toBe(new Date(Number(ticks / 10_000n)).toISOString());
    expect(Math.abs(Date.parse(recorded!.recordedAt) - Date.now())).toBeLessThan(60_000);
  });

  it('leaves system events ($-prefixed types, written by the stand-in itself) out of readAll', async () => {
    const id = stream('system');
    await store.append(id, [event()], 'no_stream');
    standIn.appendSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
    await store.append(id, [event()], 0n);
    const all = await store.readAll();
    expect(standIn.log.records.filter((r) => r.type.startsWith('$')).length).toBeGreaterThanOrEqual(3);
    expect(all.filter((e) => e.type.startsWith('$'))).toEqual([]);
    expect(all.filter((e) => e.streamId === id)).toHaveLength(2);
    expect(all).toHaveLength(standIn.log.records.filter((r) => !r.type.startsWith('$')).length);
  });

  it('readAll pages across many system events without losing user events (client-side filter, small pages)', async () => {
    const paged = new EventStoreDbEventStore(standIn.url, { readAllPageSize: 2 });
    try {
      const id = stream('paging');
      const after = (await paged.append(id, [event()], 'no_stream')).position;
      for (let i = 0; i < 5; i++) standIn.appendSystemEvent('$$some-stream', '$metadata');
      await paged.append(id, [event(), event()], 0n);
      const page = await paged.readAll({ after, maxCount: 2 });
      expect(page.map((e) => e.revision)).toEqual([1n, 2n]);
      expect(page.every((e) => e.streamId === id)).toBe(true);
    } finally {
      await paged.close();
    }
  });

  it('rejects an empty append as the other adapters do', async () => {
    await expect(store.append(stream('empty'), [], 'any')).rejects.toBeInstanceOf(RangeError);
  });
});

describe('EventStoreDB adapter against the gRPC stand-in acting as a pre-2022 server (stream reads without commit position)', () => {
  it('readStream falls back to the prepare position, which equals the $all position', async () => {
    const standIn = await startEventStoreDbStandIn({ legacyStreamReadPositions: true });
    const store = new EventStoreDbEventStore(standIn.url);
    try {
      const id = stream('legacy');
      await store.append(id, [event(), event()], 'no_stream');
      const fromStream = await store.readStream(id);
      const fromAll = (await store.readAll()).filter((e) => e.streamId === id);
      expect(fromStream.map((e) => e.position)).toEqual(standIn.log.stream(id)!.map((r) => r.position));
      expect(fromStream).toEqual(fromAll);
    } finally {
      await store.close();
      await standIn.stop();
    }
  });
});
