import net from 'node:net';
import { Pool } from 'pg';
import { EventStoreUnavailableError, type EventStore } from '../../src/application/ports/event-store.port';
import { mapUnavailable } from '../../src/infrastructure/event-store/postgres/postgres-errors';
import { PostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store';
import { ensureSchema } from '../../src/infrastructure/event-store/postgres/postgres-event-store.schema';
import { event, newStreamId, sleep, within } from '../contract/event-store-contract.helpers';
import { createTestDatabase } from '../support/database';

/** A port nobody listens on: bind an ephemeral one, then let it go. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function expectEveryOperationUnavailable(store: EventStore): Promise<void> {
  const operations = [
    () => store.ping(),
    () => store.append(newStreamId('down'), [event()], 'any'),
    () => store.readStream(newStreamId('down')),
    () => store.readAll({ maxCount: 1 }),
  ];
  for (const operation of operations) {
    await expect(operation()).rejects.toBeInstanceOf(EventStoreUnavailableError);
  }
}

describe('PostgresEventStore when PostgreSQL cannot be reached', () => {
  it('maps a refused connection to EventStoreUnavailableError', async () => {
    const pool = new Pool({
      host: '127.0.0.1',
      port: await closedPort(),
      user: 'nobody',
      connectionTimeoutMillis: 2_000,
    });
    pool.on('error', () => undefined);
    await expectEveryOperationUnavailable(new PostgresEventStore(pool));
    await pool.end();
  });

  it('keeps a subscription retrying while unreachable, and close() still ends it', async () => {
    const pool = new Pool({
      host: '127.0.0.1',
      port: await closedPort(),
      user: 'nobody',
      connectionTimeoutMillis: 2_000,
    });
    const subscription = new PostgresEventStore(pool, { subscription: { minReconnectMs: 5 } }).subscribeToAll();
    const received: unknown[] = [];
    const loop = (async () => {
      for await (const e of subscription) received.push(e);
    })();
    await sleep(200);
    await subscription.close();
    await within(loop, 5_000, 'the loop ending after close()');
    expect(received).toEqual([]);
    await pool.end();
  });

  it('maps a pool that was ended to EventStoreUnavailableError', async () => {
    const db = await createTestDatabase('es_down');
    const pool = new Pool({ connectionString: db.url });
    await ensureSchema(pool);
    const store = new PostgresEventStore(pool);
    await store.ping();
    await pool.end();
    await expectEveryOperationUnavailable(store);
    await db.drop();
  });

  it('maps a database that was dropped under it to EventStoreUnavailableError', async () => {
    const db = await createTestDatabase('es_down');
    const pool = new Pool({ connectionString: db.url });
    pool.on('error', () => undefined);
    await ensureSchema(pool);
    const store = new PostgresEventStore(pool);
    await db.drop();
    await expectEveryOperationUnavailable(store);
    await pool.end();
  });

  it('is unavailable once closed itself, while the pool it does not own stays open', async () => {
    const db = await createTestDatabase('es_down');
    const pool = new Pool({ connectionString: db.url });
    await ensureSchema(pool);
    const store = new PostgresEventStore(pool);
    await store.close();
    await expectEveryOperationUnavailable(store);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await pool.end();
    await db.drop();
  });

  it.each([
    [
      '57P01 admin shutdown',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['ENOTFOUND', Object.assign(new Error('getaddrinfo ENOTFOUND db.invalid'), { code: 'ENOTFOUND' })],
    ['connect timeout', new Error('timeout exceeded when trying to connect')],
    ['dropped socket', new Error('Connection terminated unexpectedly')],
  ])('classifies %s as unavailable, but not SQL errors', (_, error) => {
    expect(mapUnavailable(error)).toBeInstanceOf(EventStoreUnavailableError);
    const syntax = Object.assign(new Error('syntax error'), { code: '42601' });
    expect(mapUnavailable(syntax)).toBe(syntax);
  });
});
