import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { PostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store';
import { ensureSchema } from '../../src/infrastructure/event-store/postgres/postgres-event-store.schema';
import { collect, event, events, eventually, newStreamId, sleep } from '../contract/event-store-contract.helpers';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Subscriptions built with a 60 s safety-net poll: within these tests' timeouts only NOTIFY, the backoff that
 * follows a NOTIFY, or reconnection can deliver an event. Timing itself is never asserted.
 */
describe('PostgresEventStore subscription wake-up and recovery', () => {
  const schema = 'es_sub';
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;

  const opened: PostgresEventStore[] = [];
  const lazyStore = (applicationName = `es-sub-${randomUUID()}`) => {
    const lazy = new PostgresEventStore(pool, {
      schema,
      subscription: { basePollMs: 60_000, minReconnectMs: 10 },
      subscriptionApplicationName: applicationName,
    });
    opened.push(lazy);
    return { applicationName, store: lazy };
  };
  /** A backend leaves pg_stat_activity shortly after its client disconnects, not at once. */
  const connectionsGone = (applicationName: string) =>
    eventually(async () => {
      const { rowCount } = await pool.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [
        applicationName,
      ]);
      return rowCount === 0 ? true : undefined;
    }, `connections of ${applicationName} to close`);
  const anchor = async () => (await store.append(newStreamId('anchor'), [event()], 'no_stream')).position;

  beforeAll(async () => {
    db = await createTestDatabase('es_sub');
    pool = new Pool({ connectionString: db.url, max: 8 });
    pool.on('error', () => undefined);
    await ensureSchema(pool, { schema });
    store = new PostgresEventStore(pool, { schema });
  });
  // Also after a failed test: a subscription left open would keep jest alive (its poll is 60 s).
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await db.drop();
  });

  it('is woken by NOTIFY when an event is appended after it went idle', async () => {
    const lazy = lazyStore().store;
    const id = newStreamId('wake');
    const sub = collect(lazy.subscribeToAll({ after: await anchor() }), new Set([id]));
    await store.append(id, events(1), 'no_stream');
    await sub.waitFor(1, 10_000);
    // Delivered and idle now: the next read can only be triggered by the notification.
    await store.append(id, events(1), 0n);
    await sub.waitFor(2, 10_000);
    await sub.stop();
    await lazy.close();
  });

  it('re-polls with backoff when a notified event is held back by an older transaction that ends silently', async () => {
    const lazy = lazyStore().store;
    const id = newStreamId('backoff');
    const sub = collect(lazy.subscribeToAll({ after: await anchor() }), new Set([id]));
    await store.append(id, events(1), 'no_stream');
    await sub.waitFor(1, 10_000);

    // An older transaction that holds a transaction id but appends nothing, so ending it notifies nobody.
    const blocker = new Client({ connectionString: db.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT pg_current_xact_id()');
    await store.append(id, events(1), 0n);
    await sleep(300);
    expect(sub.seen).toHaveLength(1);
    await blocker.query('ROLLBACK');
    await blocker.end();

    await sub.waitFor(2, 10_000);
    await sub.stop();
    await lazy.close();
  });

  it('survives its connection being terminated: later events arrive, none repeated', async () => {
    const { store: lazy, applicationName } = lazyStore();
    const id = newStreamId('dropped');
    const written = events(6);
    const sub = collect(lazy.subscribeToAll({ after: await anchor() }), new Set([id]));
    await store.append(id, written.slice(0, 2), 'no_stream');
    await sub.waitFor(2, 10_000);

    // pg_terminate_backend in the select list, so it only ever runs for the rows the WHERE kept.
    const terminate = async () =>
      (
        await pool.query<{ pid: number; killed: boolean }>(
          'SELECT pid, pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1',
          [applicationName],
        )
      ).rows
        .filter((r) => r.killed)
        .map((r) => r.pid);
    const [killed] = await terminate();
    expect(killed).toEqual(expect.any(Number));

    await store.append(id, written.slice(2, 4), 1n);
    await sub.waitFor(4, 10_000);
    // Once more: events committed around the drop are read after reconnecting, from the same checkpoint.
    expect(await terminate()).toHaveLength(1);
    await store.append(id, written.slice(4, 6), 3n);
    await sub.waitFor(6, 10_000);
    await sleep(100);
    await sub.stop();
    await lazy.close();

    expect(sub.seen.map((e) => e.id)).toEqual(written.map((e) => e.id));
    await connectionsGone(applicationName);
  });

  it('close() of the store ends its subscriptions and releases their connections', async () => {
    const { store: lazy, applicationName } = lazyStore();
    const sub = collect(lazy.subscribeToAll({ after: await anchor() }), () => true);
    const id = newStreamId('closing');
    await store.append(id, events(1), 'no_stream');
    await sub.waitFor(1, 10_000);
    await lazy.close();
    await sub.done;
    await connectionsGone(applicationName);
  });
});
