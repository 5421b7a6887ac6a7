import { createServer, type Server, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { EventStoreUnavailableError, type EventToAppend } from '../../src/application/ports/event-store.port';
import { EventStoreDbEventStore } from '../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store';
import {
  startEventStoreDbStandIn,
  type EventStoreDbStandIn,
} from '../support/eventstoredb-standin/eventstoredb-standin.server';

const event = (): EventToAppend => ({
  id: randomUUID(),
  type: 'StandInTested',
  data: { n: 1 },
  metadata: {
    actor: { id: 'a-1', role: 'teacher', districtId: 'd-1' },
    correlationId: 'c',
    causationId: 'c',
    command: 'Test',
    occurredAt: '2024-01-01T00:00:00.000Z',
  },
});

async function failureOf(operation: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await operation.then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: Date.now() - started };
}

describe('EventStoreDB adapter against the gRPC stand-in: store unavailable', () => {
  let standIn: EventStoreDbStandIn;
  let store: EventStoreDbEventStore;

  beforeEach(async () => {
    standIn = await startEventStoreDbStandIn();
    store = new EventStoreDbEventStore(standIn.url, { operationTimeoutMs: 2_000 });
  });
  afterEach(async () => {
    await store.close();
    await standIn.stop();
  });

  it('stand-in stopped: append, reads and ping fail fast with EventStoreUnavailableError (EVENT_STORE_UNAVAILABLE)', async () => {
    await store.append('unavailable-1', [event()], 'no_stream'); // the connection and BatchAppend stream exist
    await standIn.stop();
    for (const operation of [
      () => store.append('unavailable-1', [event()], 0n),
      () => store.append('unavailable-2', [event()], 'no_stream'),
      () => store.readStream('unavailable-1'),
      () => store.readAll({ maxCount: 10 }),
      () => store.ping(),
    ]) {
      const { error, ms } = await failureOf(operation());
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect(error).toMatchObject({ code: 'EVENT_STORE_UNAVAILABLE' });
      expect(ms).toBeLessThan(2_000); // a refused connection is reported at once, not at the timeout
    }
  });

  it('nothing is half-written, and the same adapter works again once the stand-in is back', async () => {
    await store.append('unavailable-3', [event()], 'no_stream');
    await standIn.stop();
    await expect(store.append('unavailable-3', [event(), event()], 0n)).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    await standIn.restart();
    expect(standIn.log.stream('unavailable-3')).toHaveLength(1);
    const retried = [event(), event()];
    await expect(store.append('unavailable-3', retried, 0n)).resolves.toMatchObject({ nextExpectedRevision: 2n });
    expect((await store.readStream('unavailable-3')).map((e) => e.id).slice(1)).toEqual(retried.map((e) => e.id));
    await expect(store.ping()).resolves.toBeUndefined();
  });
});

describe('EventStoreDB adapter against a server that accepts connections but never answers (stand-in: raw TCP)', () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  let store: EventStoreDbEventStore;

  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    store = new EventStoreDbEventStore(`esdb://127.0.0.1:${port}?tls=false`, { operationTimeoutMs: 500 });
  });
  afterAll(async () => {
    await store.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('append, readStream and ping give up after operationTimeoutMs with EventStoreUnavailableError', async () => {
    for (const operation of [
      () => store.append('silent', [event()], 'any'),
      () => store.readStream('silent'),
      () => store.ping(),
    ]) {
      const { error, ms } = await failureOf(operation());
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect((error as Error).message).toMatch(/did not answer within 500 ms/);
      expect(ms).toBeGreaterThanOrEqual(450);
      expect(ms).toBeLessThan(2_000);
    }
  });
});
