import { ConcurrencyError, type EventStore, type ExpectedRevision } from '../../src/application/ports/event-store.port';
import {
  event,
  events,
  expectStrictlyIncreasing,
  metadata,
  newStreamId,
  readAllEventually,
  scanAll,
} from './event-store-contract.helpers';
import { subscriptionContract } from './event-store-subscription.contract';

/**
 * The one behaviour every EventStore adapter must show. Written so that any adapter can run it unchanged: it never
 * assumes dense positions or a first position, nothing about recordedAt beyond being ISO-8601, nor an empty store
 * (every test uses its own random streams and filters readAll/subscriptions to them).
 */
export function eventStoreContract(
  name: string,
  setup: () => Promise<{ store: EventStore; teardown(): Promise<void> }>,
): void {
  describe(`EventStore contract: ${name}`, () => {
    let context: { store: EventStore; teardown(): Promise<void> } | undefined;
    const store = (): EventStore => context!.store;
    const conflict = async (streamId: string, expected: ExpectedRevision) =>
      (await store()
        .append(streamId, [event()], expected)
        .then(
          () => undefined,
          (e: unknown) => e,
        )) as ConcurrencyError;

    beforeAll(async () => {
      context = await setup();
    });
    afterAll(async () => {
      await context?.teardown();
    });

    describe('append', () => {
      it('creates a stream with no_stream: revisions 0..n-1, result holds the last revision and position', async () => {
        const id = newStreamId('new');
        const written = events(3);
        const result = await store().append(id, written, 'no_stream');
        const read = await store().readStream(id);
        expect(result.nextExpectedRevision).toBe(2n);
        expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        expect(read.map((e) => e.id)).toEqual(written.map((e) => e.id));
        expect(read.every((e) => e.streamId === id && typeof e.position === 'bigint')).toBe(true);
        expectStrictlyIncreasing(read.map((e) => e.position));
        expect(result.position).toBe(read[2]!.position);
      });

      it('appends at the exact expected revision and returns the next one, at a higher position', async () => {
        const id = newStreamId('exact');
        const first = await store().append(id, events(2), 'no_stream');
        const second = await store().append(id, events(1), first.nextExpectedRevision);
        expect(second.nextExpectedRevision).toBe(2n);
        expect(second.position > first.position).toBe(true);
        expect((await store().readStream(id)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      });

      it('rejects a wrong exact revision with a ConcurrencyError carrying streamId, expected and actual', async () => {
        const id = newStreamId('wrong');
        await store().append(id, events(2), 'no_stream');
        for (const expected of [0n, 5n]) {
          const error = await conflict(id, expected);
          expect(error).toBeInstanceOf(ConcurrencyError);
          expect(error).toMatchObject({ streamId: id, expected, actual: 1n, code: 'CONCURRENCY_CONFLICT' });
        }
        expect(await conflict(newStreamId('missing'), 0n)).toMatchObject({ expected: 0n, actual: 'no_stream' });
        expect(await store().readStream(id)).toHaveLength(2);
      });

      it('rejects no_stream on an existing stream', async () => {
        const id = newStreamId('exists');
        await store().append(id, events(1), 'no_stream');
        const error = await conflict(id, 'no_stream');
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ streamId: id, expected: 'no_stream', actual: 0n });
      });

      it('rejects stream_exists on a missing stream, accepts it on an existing one', async () => {
        const id = newStreamId('must-exist');
        const error = await conflict(id, 'stream_exists');
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ streamId: id, expected: 'stream_exists', actual: 'no_stream' });
        expect(await store().readStream(id)).toEqual([]);
        await store().append(id, events(1), 'no_stream');
        expect((await store().append(id, events(2), 'stream_exists')).nextExpectedRevision).toBe(2n);
      });

      it("'any' appends whether or not the stream exists", async () => {
        const id = newStreamId('any');
        expect((await store().append(id, events(1), 'any')).nextExpectedRevision).toBe(0n);
        expect((await store().append(id, events(2), 'any')).nextExpectedRevision).toBe(2n);
      });

      it('lets exactly one of several concurrent appends at the same revision win', async () => {
        const id = newStreamId('race');
        await store().append(id, events(1), 'no_stream');
        const results = await Promise.allSettled(Array.from({ length: 6 }, () => store().append(id, events(2), 0n)));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyError);
        expect((await store().readStream(id)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      });

      it('writes nothing when a multi-event append conflicts; the same events can then be appended once', async () => {
        const id = newStreamId('atomic');
        const [head] = events(1);
        await store().append(id, [head!], 'no_stream');
        const batch = events(3);
        await expect(store().append(id, batch, 5n)).rejects.toBeInstanceOf(ConcurrencyError);
        expect((await store().readStream(id)).map((e) => e.id)).toEqual([head!.id]);
        await store().append(id, batch, 0n);
        const all = await readAllEventually(store(), new Set([id]), 4);
        expect(all.map((e) => e.id)).toEqual([head!.id, ...batch.map((e) => e.id)]);
      });

      // A caller that retries an append of unknown outcome (timeout, dropped connection) with the SAME ids must not
      // write it twice, and gets the original result back, even when others have written since.
      it.each<[string, (first: bigint) => ExpectedRevision]>([
        ['an exact revision', (first) => first],
        ['no_stream', () => 'no_stream'],
        ['any', () => 'any'],
      ])(
        'answers a repeat of a committed append (same ids, %s) with its original result and writes nothing',
        async (_, expectedOf) => {
          const id = newStreamId('repeat');
          const exact = expectedOf(0n) === 0n;
          const head = exact ? await store().append(id, events(1), 'no_stream') : undefined;
          const expected = expectedOf(head?.nextExpectedRevision ?? 0n);
          const batch = events(2);
          const original = await store().append(id, batch, expected);
          await store().append(id, events(1), 'any'); // someone else writes after it
          expect(await store().append(id, batch, expected)).toEqual(original);
          const ids = (await store().readStream(id)).map((e) => e.id);
          expect(ids).toHaveLength(exact ? 4 : 3);
          expect(ids.filter((eventId) => batch.some((e) => e.id === eventId))).toEqual(batch.map((e) => e.id));
        },
      );

      it('refuses an append of which only some ids are stored, writing nothing', async () => {
        const id = newStreamId('partial-repeat');
        const stored = events(2);
        await store().append(id, stored, 'no_stream');
        await expect(store().append(id, [stored[1]!, event()], 'any')).rejects.toThrow();
        await expect(store().append(id, [stored[0]!, event()], 'no_stream')).rejects.toThrow();
        expect((await store().readStream(id)).map((e) => e.id)).toEqual(stored.map((e) => e.id));
      });
    });

    describe('readStream', () => {
      it('reads in revision order, honouring fromRevision and maxCount; unknown streams read as []', async () => {
        const id = newStreamId('read');
        await store().append(id, events(3), 'no_stream');
        await store().append(id, events(9), 2n);
        const revisions = async (o?: { fromRevision?: bigint; maxCount?: number }) =>
          (await store().readStream(id, o)).map((e) => e.revision);
        // 12 events: revision 10 must sort after 9 (numeric, not textual, order).
        expect(await revisions()).toEqual(Array.from({ length: 12 }, (_, i) => BigInt(i)));
        expect(await revisions({ fromRevision: 8n })).toEqual([8n, 9n, 10n, 11n]);
        expect(await revisions({ maxCount: 2 })).toEqual([0n, 1n]);
        expect(await revisions({ fromRevision: 9n, maxCount: 2 })).toEqual([9n, 10n]);
        expect(await revisions({ fromRevision: 12n })).toEqual([]);
        expect(await store().readStream(newStreamId('unknown'))).toEqual([]);
      });

      it('round-trips ids, type, data and metadata exactly; recordedAt is an ISO-8601 date', async () => {
        const id = newStreamId('roundtrip');
        const data = {
          text: 'Grüße 👋🏽 日本語 עברית é (e\u0301) "quoted" \\ back\\slash \n newline \t tab \u2028',
          numbers: {
            int: 42,
            negative: -7,
            zero: 0,
            float: 0.1 + 0.2,
            big: Number.MAX_SAFE_INTEGER,
            tiny: 5e-324,
            exp: 1e21,
          },
          flags: [true, false, null],
          nested: { deeper: { deepest: [{ a: [] }, {}, 'x'] } },
          empty: '',
        };
        const meta = metadata({ actor: { id: 'staff-1', role: 'registrar', districtId: 'd-9' } });
        const written = [{ id: event().id, type: 'Ünïcode.TypeName/v2', data, metadata: meta }, event('Plain', null)];
        await store().append(id, written, 'no_stream');
        const read = await store().readStream(id);
        expect(
          read.map(({ id: eventId, type, data: d, metadata: m }) => ({ id: eventId, type, data: d, metadata: m })),
        ).toEqual(written);
        for (const e of read) {
          expect(e.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
          expect(Number.isNaN(Date.parse(e.recordedAt))).toBe(false);
        }
      });

      it('is not affected by callers mutating what they appended or read', async () => {
        const id = newStreamId('copy');
        const appended = event('Mutable', { list: [1], inner: { v: 'a' } });
        await store().append(id, [appended], 'no_stream');
        (appended.data as { list: number[] }).list.push(2);
        const [first] = await store().readStream(id);
        (first!.data as { inner: { v: string } }).inner.v = 'changed';
        (first!.metadata as { command: string }).command = 'changed';
        const [again] = await store().readStream(id);
        expect(again!.data).toEqual({ list: [1], inner: { v: 'a' } });
        expect(again!.metadata.command).toBe('ContractTest');
      });
    });

    describe('readAll', () => {
      const interleaved = async () => {
        const [a, b] = [newStreamId('all-a'), newStreamId('all-b')];
        const order = [event(), event(), event(), event(), event(), event()];
        await store().append(a, [order[0]!], 'no_stream');
        await store().append(b, [order[1]!], 'no_stream');
        await store().append(a, [order[2]!, order[3]!], 0n);
        await store().append(b, [order[4]!], 0n);
        await store().append(a, [order[5]!], 2n);
        const streams = new Set([a, b]);
        return { streams, order, mine: await readAllEventually(store(), streams, order.length) };
      };

      it('returns appends in log order with strictly increasing positions matching readStream', async () => {
        const { streams, order, mine } = await interleaved();
        expect(mine.map((e) => e.id)).toEqual(order.map((e) => e.id));
        expectStrictlyIncreasing(mine.map((e) => e.position));
        const [a, b] = [...streams];
        const perStream = [...(await store().readStream(a!)), ...(await store().readStream(b!))];
        for (const e of mine) expect(perStream.find((s) => s.id === e.id)).toEqual(e);
      });

      it('treats `after` as exclusive', async () => {
        const { streams, mine } = await interleaved();
        const rest = await scanAll(store(), streams, mine[1]!.position);
        expect(rest.map((e) => e.id)).toEqual(mine.slice(2).map((e) => e.id));
        expect(await scanAll(store(), streams, mine[5]!.position)).toEqual([]);
      });

      it('pages with maxCount without losing or repeating events', async () => {
        const { streams, mine } = await interleaved();
        const paged = [];
        let cursor = mine[0]!.position;
        for (let pages = 0; paged.length < mine.length - 1; pages++) {
          const page = await store().readAll({ after: cursor, maxCount: 2 });
          expect(page.length).toBeLessThanOrEqual(2);
          if (pages === 0) expect(page).toHaveLength(2);
          expect(page.length).toBeGreaterThan(0);
          paged.push(...page.filter((e) => streams.has(e.streamId)));
          cursor = page[page.length - 1]!.position;
        }
        expect(paged.map((e) => e.id)).toEqual(mine.slice(1).map((e) => e.id));
      });
    });

    subscriptionContract(store);
  });
}
