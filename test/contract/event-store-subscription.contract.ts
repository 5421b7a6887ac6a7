import type { EventStore } from '../../src/application/ports/event-store.port';
import { collect, event, events, newStreamId, sleep, within } from './event-store-contract.helpers';

/** subscribeToAll part of the contract; see event-store.contract.ts for the ground rules. */
export function subscriptionContract(store: () => EventStore): void {
  describe('subscribeToAll', () => {
    /** A fresh event's position: a checkpoint that keeps the test from replaying the whole (shared) log. */
    const checkpoint = async (): Promise<bigint> =>
      (await store().append(newStreamId('checkpoint'), [event()], 'no_stream')).position;

    it('from the start yields the existing events, then live ones appended after subscribing, in order', async () => {
      const id = newStreamId('sub-start');
      const before = events(2);
      await store().append(id, before, 'no_stream');
      const sub = collect(store().subscribeToAll(), new Set([id]));
      await sub.waitFor(2);
      const live = events(2);
      await store().append(id, [live[0]!], 1n);
      await store().append(id, [live[1]!], 2n);
      const seen = await sub.waitFor(4);
      await sub.stop();
      expect(seen.map((e) => e.id)).toEqual([...before, ...live].map((e) => e.id));
      expect(seen.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
    });

    it('after a checkpoint is exclusive and resumes exactly after it', async () => {
      const id = newStreamId('sub-after');
      const written = events(6);
      await store().append(id, written.slice(0, 2), 'no_stream');
      await store().append(id, written.slice(2, 4), 1n);
      const at = (await store().readStream(id))[1]!.position;
      let early = 0;
      const first = collect(store().subscribeToAll({ after: at }), (e) => {
        if (e.position <= at) early++;
        return e.streamId === id;
      });
      await first.waitFor(2);
      await store().append(id, [written[4]!], 3n);
      const seen = await first.waitFor(3);
      await first.stop();
      expect(early).toBe(0);
      expect(seen.map((e) => e.id)).toEqual(written.slice(2, 5).map((e) => e.id));

      // Resume from the last event handled, as a projection restarting from its stored checkpoint would.
      await store().append(id, [written[5]!], 4n);
      const resumed = collect(store().subscribeToAll({ after: seen[2]!.position }), new Set([id]));
      const rest = await resumed.waitFor(1);
      await sleep(50);
      await resumed.stop();
      expect(rest.map((e) => e.id)).toEqual([written[5]!.id]);
    });

    it('gives two subscribers the same events in the same order, strictly increasing', async () => {
      const after = await checkpoint();
      const streams = [newStreamId('sub-x'), newStreamId('sub-y'), newStreamId('sub-z')];
      const one = collect(store().subscribeToAll({ after }), new Set(streams));
      const two = collect(store().subscribeToAll({ after }), new Set(streams));
      await Promise.all(
        streams.map(async (id) => {
          for (let i = 0; i < 4; i++) await store().append(id, events(1 + (i % 2)), 'any');
        }),
      );
      const [a, b] = [await one.waitFor(18), await two.waitFor(18)];
      await Promise.all([one.stop(), two.stop()]);
      expect(a.map((e) => e.id)).toEqual(b.map((e) => e.id));
      expect(new Set(a.map((e) => e.id)).size).toBe(18);
      for (const id of streams) {
        expect(a.filter((e) => e.streamId === id).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
      }
    });

    it('does not lose or reorder events for a slow consumer', async () => {
      const after = await checkpoint();
      const id = newStreamId('sub-slow');
      const seen: bigint[] = [];
      const subscription = store().subscribeToAll({ after });
      const done = (async () => {
        for await (const e of subscription) {
          if (e.streamId !== id) continue;
          seen.push(e.revision);
          await sleep(2);
          if (seen.length === 40) break;
        }
      })();
      for (let i = 0; i < 8; i++) await store().append(id, events(5), 'any');
      await done;
      expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => BigInt(i)));
      await subscription.close();
    });

    it('close() ends a for-await loop that is waiting for events, and a subscription never iterated', async () => {
      const id = newStreamId('sub-close');
      const sub = collect(store().subscribeToAll({ after: await checkpoint() }), new Set([id]));
      await store().append(id, events(1), 'no_stream');
      await sub.waitFor(1);
      await within(sub.stop(), 5_000, 'close() ending the loop');

      const unused = store().subscribeToAll();
      await unused.close();
      const after: unknown[] = [];
      for await (const e of unused) after.push(e);
      expect(after).toEqual([]);
    });
  });
}
