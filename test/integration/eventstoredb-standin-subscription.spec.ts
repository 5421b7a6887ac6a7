import { randomUUID } from 'node:crypto';
import {
  EventStoreUnavailableError,
  type EventToAppend,
  type RecordedEvent,
} from '../../src/application/ports/event-store.port';
import { EventStoreDbEventStore } from '../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store';
import {
  startEventStoreDbStandIn,
  type EventStoreDbStandIn,
} from '../support/eventstoredb-standin/eventstoredb-standin.server';

const event = (n: number): EventToAppend => ({
  id: randomUUID(),
  type: 'StandInTested',
  data: { n },
  metadata: {
    actor: { id: 'a-1', role: 'teacher', districtId: 'd-1' },
    correlationId: 'c',
    causationId: 'c',
    command: 'Test',
    occurredAt: '2024-01-01T00:00:00.000Z',
  },
});
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('EventStoreDB adapter against the gRPC stand-in: subscribeToAll', () => {
  let standIn: EventStoreDbStandIn;
  let store: EventStoreDbEventStore;
  const warnings: string[] = [];

  beforeEach(async () => {
    standIn = await startEventStoreDbStandIn();
    store = new EventStoreDbEventStore(standIn.url, {
      operationTimeoutMs: 2_000,
      resubscribe: { initialDelayMs: 20, maxDelayMs: 100 },
      logger: { warn: (message) => warnings.push(message) },
    });
  });
  afterEach(async () => {
    await store.close();
    await standIn.stop();
  });

  /** Consumes in the background, `delayMs` per event, so the client holds undelivered events in its buffers. */
  function consume(after: bigint | undefined, delayMs: number) {
    const subscription = store.subscribeToAll({ after });
    const seen: RecordedEvent[] = [];
    const done = (async () => {
      for await (const e of subscription) {
        seen.push(e);
        if (delayMs) await sleep(delayMs);
      }
    })();
    return { seen, done, subscription };
  }

  it('asks the server for an event-type filter excluding system events, from the exclusive checkpoint', async () => {
    const after = (await store.append('sub-filter', [event(0)], 'no_stream')).position;
    standIn.appendSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
    await store.append('sub-filter', [event(1)], 0n);
    standIn.appendSystemEvent('$$sub-filter', '$metadata');
    await store.append('sub-filter', [event(2)], 1n);
    const { seen, done, subscription } = consume(after, 0);
    await until(() => seen.length >= 2, 'two events');
    await sleep(50);
    await subscription.close();
    await done;
    expect(seen.map((e) => (e.data as { n: number }).n)).toEqual([1, 2]);
    const request = standIn.reads.find((options) => options.hasSubscription())!;
    expect(request.getFilter()?.getEventType()?.getRegex()).toBe('^[^$].*');
    expect(request.getAll()?.getPosition()?.getCommitPosition()).toBe(after.toString());
    expect(request.getAll()?.getPosition()?.getPreparePosition()).toBe(after.toString());
  });

  it('stand-in restarted on the same port mid-subscription: loses nothing, repeats nothing, keeps order', async () => {
    const after = (await store.append('sub-restart-checkpoint', [event(-1)], 'no_stream')).position;
    const { seen, done, subscription } = consume(after, 10);
    const written: string[] = [];
    const write = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const batch = [event(written.length), event(written.length + 1)];
        await store.append('sub-restart', batch, 'any');
        written.push(...batch.map((e) => e.id));
      }
    };
    await write(15);
    await until(() => seen.length >= 5, 'the first events');
    expect(seen.length).toBeLessThan(30); // the slow consumer still has events in flight when the connection drops
    await standIn.stop();
    await expect(store.append('sub-restart', [event(99)], 'any')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await sleep(150); // a few failed resubscribe attempts while the stand-in is down
    await standIn.restart();
    await write(15);
    await until(() => seen.length >= 60, 'all 60 events');
    await sleep(100);
    await subscription.close();
    await done;

    expect(seen.map((e) => e.id)).toEqual(written);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.position > seen[i - 1]!.position).toBe(true);
    expect(warnings.some((w) => /resubscribing/.test(w))).toBe(true);
    // It resubscribed from the last event it had handed over, not from the original checkpoint.
    const resubscriptions = standIn.reads.filter((options) => options.hasSubscription()).slice(1);
    const resumedFrom = BigInt(
      resubscriptions[resubscriptions.length - 1]!.getAll()!.getPosition()!.getCommitPosition(),
    );
    expect(resumedFrom > after).toBe(true);
    expect(seen.some((e) => e.position === resumedFrom)).toBe(true);
  });

  it('keeps retrying while the stand-in is down at subscribe time, then delivers from the checkpoint', async () => {
    const after = (await store.append('sub-late', [event(0)], 'no_stream')).position;
    await store.append('sub-late', [event(1)], 0n);
    await standIn.stop();
    const { seen, done, subscription } = consume(after, 0);
    await sleep(200);
    expect(seen).toEqual([]);
    await standIn.restart();
    await until(() => seen.length >= 1, 'the event after the checkpoint');
    await subscription.close();
    await done;
    expect(seen.map((e) => (e.data as { n: number }).n)).toEqual([1]);
  });

  it("close() and a consumer's break both cancel the server-side subscription", async () => {
    const after = (await store.append('sub-cancel', [event(0)], 'no_stream')).position;
    const closed = consume(undefined, 0);
    await until(() => standIn.log.subscriberCount === 1, 'the first subscription on the stand-in');
    await closed.subscription.close();
    await closed.done;
    await until(() => standIn.log.subscriberCount === 0, 'the stand-in to see the cancel after close()');

    const broken = store.subscribeToAll({ after });
    const loop = (async () => {
      for await (const e of broken) if (e) break;
    })();
    await until(() => standIn.log.subscriberCount === 1, 'the second subscription on the stand-in');
    await store.append('sub-cancel', [event(1)], 0n);
    await loop;
    await until(() => standIn.log.subscriberCount === 0, 'the stand-in to see the cancel after break');
  });

  it('close() while waiting out a backoff ends the loop promptly', async () => {
    await standIn.stop();
    const { done, subscription } = consume(undefined, 0);
    await sleep(100);
    const started = Date.now();
    await subscription.close();
    await done;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
