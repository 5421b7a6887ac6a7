import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  START,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type Position,
} from '@eventstore/db-client';
import {
  startEventStoreDbStandIn,
  type EventStoreDbStandIn,
} from '../support/eventstoredb-standin/eventstoredb-standin.server';

/**
 * The stand-in as the real client sees it, without the adapter: these pin down the documented server behaviour the
 * stand-in reproduces, so the adapter's tests over it mean something.
 */
describe('EventStoreDB gRPC stand-in: protocol as seen by @eventstore/db-client', () => {
  let standIn: EventStoreDbStandIn;
  let client: EventStoreDBClient;
  const data = (n: number) => jsonEvent({ type: 'Numbered', data: { n } });

  beforeAll(async () => {
    standIn = await startEventStoreDbStandIn();
    client = EventStoreDBClient.connectionString(standIn.url);
  });
  afterAll(async () => {
    await client.dispose();
    await standIn.stop();
  });

  it('counts revisions from 0 and answers wrong expected versions in the shape the client maps', async () => {
    const first = await client.appendToStream('proto-a', [data(0), data(1)], { expectedRevision: 'no_stream' });
    expect(first).toMatchObject({ success: true, nextExpectedRevision: 1n });
    expect(first.position?.commit).toBe(first.position?.prepare);
    const error = await client.appendToStream('proto-a', data(2), { expectedRevision: 0n }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: 'proto-a', expectedVersion: 0n, actualVersion: 1n });
  });

  it('reads a stream forwards and backwards with counts, and reports an unknown stream', async () => {
    await client.appendToStream('proto-b', [data(0), data(1), data(2), data(3)], { expectedRevision: 'no_stream' });
    const revisions = async (read: AsyncIterable<{ event?: { revision: bigint } }>) => {
      const out: bigint[] = [];
      for await (const e of read) out.push(e.event!.revision);
      return out;
    };
    expect(await revisions(client.readStream('proto-b', { fromRevision: 1n, maxCount: 2 }))).toEqual([1n, 2n]);
    expect(
      await revisions(client.readStream('proto-b', { direction: BACKWARDS, fromRevision: END, maxCount: 3 })),
    ).toEqual([3n, 2n, 1n]);
    expect(await revisions(client.readStream('proto-b', { direction: BACKWARDS, fromRevision: 1n }))).toEqual([1n, 0n]);
    await expect(revisions(client.readStream('proto-missing'))).rejects.toMatchObject({ type: 'stream-not-found' });
  });

  it('reads $all forwards from a position inclusively and backwards exclusively, with string 64-bit fields', async () => {
    const all: Position[] = [];
    for await (const e of client.readAll({ fromPosition: START })) all.push(e.event!.position);
    expect(all.length).toBeGreaterThan(3);
    const forwards: Position[] = [];
    for await (const e of client.readAll({ fromPosition: all[2]!, maxCount: 2 })) forwards.push(e.event!.position);
    expect(forwards).toEqual([all[2], all[3]]);
    const backwards: Position[] = [];
    for await (const e of client.readAll({ fromPosition: all[2]!, direction: BACKWARDS }))
      backwards.push(e.event!.position);
    expect(backwards).toEqual([all[1], all[0]]);
  });

  it('subscribes to $all after a position: confirmation, filtered events, checkpoints, caught-up, then live', async () => {
    const { position } = await client.appendToStream('proto-c', data(0), { expectedRevision: 'no_stream' });
    for (let i = 0; i < 3; i++) standIn.appendSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
    await client.appendToStream('proto-c', data(1), { expectedRevision: 0n });
    const checkpoints: bigint[] = [];
    const signals: string[] = [];
    const subscription = client.subscribeToAll({
      fromPosition: position!,
      filter: excludeSystemEvents({
        maxSearchWindow: 1,
        checkpointInterval: 2,
        checkpointReached: (_s, p) => void checkpoints.push(p.commit),
      }),
    });
    subscription.on('confirmation', () => signals.push('confirmation')).on('caughtUp', () => signals.push('caughtUp'));
    const seen: string[] = [];
    for await (const resolved of subscription) {
      seen.push(`${resolved.event!.streamId}@${resolved.event!.revision}`);
      if (seen.length === 1) await client.appendToStream('proto-c', data(2), { expectedRevision: 1n });
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['proto-c@1', 'proto-c@2']);
    expect(signals).toEqual(['confirmation', 'caughtUp']);
    expect(checkpoints.length).toBeGreaterThanOrEqual(2); // every 2 considered events, and when catching up ends
    expect(checkpoints.every((c) => c > position!.commit)).toBe(true);
  });

  it('subscribes to a stream after a revision (exclusive)', async () => {
    await client.appendToStream('proto-d', [data(0), data(1), data(2)], { expectedRevision: 'no_stream' });
    const seen: bigint[] = [];
    for await (const resolved of client.subscribeToStream('proto-d', { fromRevision: 0n })) {
      seen.push(resolved.event!.revision);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([1n, 2n]);
  });

  it('stamps "created" in .NET ticks since the Unix epoch, which the client turns into a Date', async () => {
    const before = Date.now();
    await client.appendToStream('proto-e', data(0), { expectedRevision: 'no_stream' });
    for await (const resolved of client.readStream('proto-e')) {
      const created = resolved.event!.created.getTime();
      expect(created).toBeGreaterThanOrEqual(before - 1);
      expect(created).toBeLessThanOrEqual(Date.now());
      expect(BigInt(created)).toBe(standIn.log.stream('proto-e')![0]!.createdTicks / 10_000n);
    }
  });
});
