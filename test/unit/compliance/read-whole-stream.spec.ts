import { randomUUID } from 'node:crypto';
import type { EventStore, ReadStreamOptions, RecordedEvent } from '../../../src/application/ports/event-store.port';
import { readWholeStream } from '../../../src/application/shared/paged-stream';
import { InMemoryEventStore } from '../../../src/infrastructure/event-store/in-memory/in-memory-event-store';

const meta = {
  actor: { id: 'a', role: 'teacher' as const, districtId: 'd' },
  correlationId: 'c',
  causationId: 'c',
  command: 'Test',
  occurredAt: '2024-05-06T07:08:09.123Z',
};

async function streamOf(count: number): Promise<{ store: InMemoryEventStore; id: string }> {
  const store = new InMemoryEventStore();
  const id = `s-${randomUUID()}`;
  if (count > 0)
    await store.append(
      id,
      Array.from({ length: count }, (_, i) => ({ id: randomUUID(), type: 'Happened', data: { i }, metadata: meta })),
      'no_stream',
    );
  return { store, id };
}

/** Counts reads and how many are in flight at once. */
function watched(inner: EventStore): { store: EventStore; reads: ReadStreamOptions[]; maxInFlight: () => number } {
  const reads: ReadStreamOptions[] = [];
  let inFlight = 0;
  let max = 0;
  const store = Object.create(inner) as EventStore;
  store.readStream = async (streamId, options = {}) => {
    reads.push(options);
    max = Math.max(max, ++inFlight);
    try {
      await new Promise((r) => setTimeout(r, 1));
      return await inner.readStream(streamId, options);
    } finally {
      inFlight--;
    }
  };
  return { store, reads, maxInFlight: () => max };
}

describe('readWholeStream: a stream read whole in chunks, with reads in flight', () => {
  it.each([0, 1, 9, 10, 11, 29, 30, 31, 57])(
    'answers exactly what one readStream call answers (%i events)',
    async (count) => {
      const { store, id } = await streamOf(count);
      for (const fromRevision of [0n, 1n, 10n, 28n, 100n]) {
        for (const maxCount of [undefined, 1, 10, 11, 25, 1000]) {
          const options = { fromRevision, ...(maxCount === undefined ? {} : { maxCount }) };
          const want = await store.readStream(id, options);
          expect(await readWholeStream(store, id, { ...options, chunk: 10, parallel: 3 })).toEqual(want);
        }
      }
    },
  );

  it('keeps at most `parallel` reads in flight and stops after the first short chunk', async () => {
    const { store: inner, id } = await streamOf(95);
    const w = watched(inner);
    const events = await readWholeStream(w.store, id, { chunk: 10, parallel: 3 });
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 95 }, (_, i) => BigInt(i)));
    expect(w.maxInFlight()).toBe(3);
    // 10 chunks hold the stream (the last one short); at most parallel - 1 reads went past it.
    expect(w.reads.length).toBeGreaterThanOrEqual(10);
    expect(w.reads.length).toBeLessThanOrEqual(12);
  });

  it('reads a bounded stretch with no read past maxCount', async () => {
    const { store: inner, id } = await streamOf(200);
    const w = watched(inner);
    const events = await readWholeStream(w.store, id, { fromRevision: 5n, maxCount: 25, chunk: 10, parallel: 4 });
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 25 }, (_, i) => BigInt(i + 5)));
    expect(w.reads).toEqual([
      { fromRevision: 5n, maxCount: 10 },
      { fromRevision: 15n, maxCount: 10 },
      { fromRevision: 25n, maxCount: 5 },
    ]);
  });

  it('falls back to reading in order when revisions are not the consecutive ones expected', async () => {
    // A store whose stream starts at revision 7 and skips 20 (as a truncated or scavenged stream could).
    const revisions = [
      7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
    ];
    const all: RecordedEvent[] = revisions.map((r) => ({
      id: `e${r}`,
      streamId: 'x',
      revision: BigInt(r),
      position: BigInt(r * 10),
      type: 'T',
      data: {},
      metadata: meta,
      recordedAt: '2024-01-01T00:00:00.000Z',
    }));
    const gappy = Object.create(new InMemoryEventStore()) as EventStore;
    gappy.readStream = async (_id, o = {}) => {
      const from = o.fromRevision ?? 0n;
      const found = all.filter((e) => e.revision >= from);
      return o.maxCount === undefined ? found : found.slice(0, o.maxCount);
    };
    for (const maxCount of [undefined, 5, 13, 14, 20, 100]) {
      for (const fromRevision of [0n, 8n, 15n, 20n]) {
        const options = { fromRevision, ...(maxCount === undefined ? {} : { maxCount }) };
        expect(await readWholeStream(gappy, 'x', { ...options, chunk: 4, parallel: 3 })).toEqual(
          await gappy.readStream('x', options),
        );
      }
    }
  });

  it('passes a failed read on', async () => {
    const { store: inner, id } = await streamOf(50);
    const failing = Object.create(inner) as EventStore;
    failing.readStream = async (streamId, options = {}) => {
      if ((options.fromRevision ?? 0n) === 20n) throw new Error('the store is down');
      return inner.readStream(streamId, options);
    };
    await expect(readWholeStream(failing, id, { chunk: 10, parallel: 2 })).rejects.toThrow('the store is down');
  });
});
