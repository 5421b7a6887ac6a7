import { Client, Pool } from 'pg';
import {
  ConcurrencyError,
  EventStoreUnavailableError,
  type AppendResult,
} from '../../src/application/ports/event-store.port';
import { PostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store';
import { ensureSchema } from '../../src/infrastructure/event-store/postgres/postgres-event-store.schema';
import { POSITION_SHIFT } from '../../src/infrastructure/event-store/postgres/postgres-event-store.sql';
import { event, events, eventually, newStreamId, readAllEventually } from '../contract/event-store-contract.helpers';
import { createTestDatabase, type TestDatabase } from '../support/database';

const txOf = (result: AppendResult) => result.position / POSITION_SHIFT;

/**
 * Group commit with one transaction in flight: a stream lock held by another session keeps the first append in
 * flight, so appends made meanwhile queue and the next transaction carries all of them.
 */
describe('PostgresEventStore group commit', () => {
  const schema = 'es_group';
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let blocker: Client;

  beforeAll(async () => {
    db = await createTestDatabase('es_group');
    pool = new Pool({ connectionString: db.url, max: 8 });
    pool.on('error', () => undefined);
    await ensureSchema(pool, { schema });
    store = new PostgresEventStore(pool, { schema, groupCommit: { maxInFlight: 1 } });
    blocker = new Client({ connectionString: db.url });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker.end();
    await store.close();
    await pool.end();
    await db.drop();
  });

  const lockKey = (streamId: string) => [`${schema}.streams`, streamId];
  const hold = (streamId: string) =>
    blocker.query('SELECT pg_advisory_lock(hashtext($1), hashtext($2))', lockKey(streamId));
  const release = (streamId: string) =>
    blocker.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', lockKey(streamId));

  /** Backends of this database waiting on an advisory lock (the store's appends held back by `hold`). */
  const waiting = async () =>
    (
      await blocker.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory' AND pid <> pg_backend_pid()`,
      )
    ).rows.map((r) => r.pid);

  /** Starts an append to a held stream and waits until it is in flight, blocked on the lock. */
  async function appendInFlight(
    on: PostgresEventStore = store,
  ): Promise<{ streamId: string; done: Promise<AppendResult> }> {
    const streamId = newStreamId('held');
    await hold(streamId);
    const done = on.append(streamId, [event()], 'no_stream');
    await eventually(
      async () => ((await waiting()).length === 1 ? true : undefined),
      'the held append waiting on its lock',
    );
    return { streamId, done };
  }

  it('carries appends queued behind a transaction in flight in one transaction, each with its own revision', async () => {
    const [a, b, c] = [newStreamId('a'), newStreamId('b'), newStreamId('c')];
    await store.append(b, events(2), 'no_stream');
    const held = await appendInFlight();
    const queued = Promise.all([
      store.append(a, events(3), 'no_stream'),
      store.append(b, [event()], 1n),
      store.append(c, [event()], 'any'),
    ]);
    await release(held.streamId);
    const first = await held.done;
    const [ra, rb, rc] = await queued;

    expect(ra.nextExpectedRevision).toBe(2n);
    expect(rb.nextExpectedRevision).toBe(2n);
    expect(rc.nextExpectedRevision).toBe(0n);
    expect(new Set([txOf(ra), txOf(rb), txOf(rc)]).size).toBe(1);
    expect(txOf(ra) > txOf(first)).toBe(true);
    const stored = await Promise.all([a, b, c].map((id) => store.readStream(id)));
    expect(stored.map((s) => s.map((e) => e.revision))).toEqual([[0n, 1n, 2n], [0n, 1n, 2n], [0n]]);
    // One stream's revisions and positions agree, and readers see the group's 5 events once, in position order.
    const all = await readAllEventually(store, new Set([a, b, c]), 5, first.position);
    expect(all.map((e) => e.streamId)).toEqual([a, a, a, b, c]);
    expect(all.map((e) => e.position)).toEqual([...all.map((e) => e.position)].sort((x, y) => (x < y ? -1 : 1)));
    expect(all.filter((e) => e.streamId === a).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
  });

  it('fails a conflicting append alone with a ConcurrencyError while the others of its group commit', async () => {
    const [a, b, c] = [newStreamId('a'), newStreamId('b'), newStreamId('c')];
    await store.append(b, events(2), 'no_stream');
    await store.append(c, [event()], 'no_stream');
    const held = await appendInFlight();
    const answers = Promise.allSettled([
      store.append(a, [event()], 'no_stream'),
      store.append(b, [event()], 0n),
      store.append(c, [event()], 'no_stream'),
    ]);
    await release(held.streamId);
    await held.done;
    const [ra, rb, rc] = await answers;

    expect(ra).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n } });
    expect(rb).toMatchObject({ status: 'rejected', reason: { name: 'ConcurrencyError', expected: 0n, actual: 1n } });
    expect(rc).toMatchObject({
      status: 'rejected',
      reason: { name: 'ConcurrencyError', expected: 'no_stream', actual: 0n },
    });
    expect((rb as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream(a)).length).toBe(1);
    expect((await store.readStream(b)).length).toBe(2);
    expect((await store.readStream(c)).length).toBe(1);
  });

  it('answers a retried append in a group with its original result, and an event id stored elsewhere fails that append alone', async () => {
    const [a, b, c] = [newStreamId('a'), newStreamId('b'), newStreamId('c')];
    const retried = [event()];
    const original = await store.append(a, retried, 'no_stream');
    const elsewhere = event();
    await store.append(newStreamId('other'), [elsewhere], 'no_stream');
    const held = await appendInFlight();
    const answers = Promise.allSettled([
      store.append(a, retried, 'no_stream'),
      store.append(b, [elsewhere], 'no_stream'),
      store.append(c, [event()], 'no_stream'),
    ]);
    await release(held.streamId);
    await held.done;
    const [ra, rb, rc] = await answers;

    expect(ra).toEqual({ status: 'fulfilled', value: original });
    expect(rb.status).toBe('rejected');
    expect(rc).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n } });
    expect(await store.readStream(b)).toEqual([]);
    expect((await store.readStream(a)).length).toBe(1);
  });

  it('fails every append of a group when the database ends its transaction, and writes none of it', async () => {
    const [a, b, c] = [newStreamId('a'), newStreamId('b'), newStreamId('c')];
    const held = await appendInFlight();
    await hold(b);
    const answers = Promise.allSettled([
      store.append(a, [event()], 'no_stream'),
      store.append(b, [event()], 'no_stream'),
      store.append(c, [event()], 'any'),
    ]);
    await release(held.streamId);
    await held.done;
    // The group now waits on b's lock, having taken the others' (ascending keys): end its session there.
    const [pid] = await eventually(async () => {
      const pids = await waiting();
      return pids.length === 1 ? pids : undefined;
    }, 'the group waiting on the lock of b');
    await blocker.query('SELECT pg_terminate_backend($1)', [pid]);
    const settled = await answers;
    await release(b);

    for (const answer of settled) {
      expect(answer.status).toBe('rejected');
      expect((answer as PromiseRejectedResult).reason).toBeInstanceOf(EventStoreUnavailableError);
    }
    for (const id of [a, b, c]) expect(await store.readStream(id)).toEqual([]);
    // The store goes on: the next appends commit.
    await expect(store.append(a, [event()], 'no_stream')).resolves.toMatchObject({ nextExpectedRevision: 0n });
  });

  it('fails only the append whose stream lock times out; the others of its group are tried alone and commit', async () => {
    const impatient = new Pool({ connectionString: db.url, max: 4, options: '-c lock_timeout=1000' });
    const quick = new PostgresEventStore(impatient, { schema, groupCommit: { maxInFlight: 1 } });
    try {
      const [a, b, c] = [newStreamId('a'), newStreamId('b'), newStreamId('c')];
      const held = await appendInFlight(quick);
      await hold(b);
      const answers = Promise.allSettled([
        quick.append(a, [event()], 'no_stream'),
        quick.append(b, [event()], 'no_stream'),
        quick.append(c, [event()], 'no_stream'),
      ]);
      await release(held.streamId);
      await held.done;
      const [ra, rb, rc] = await answers;
      await release(b);
      expect(ra).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n } });
      expect(rb).toMatchObject({ status: 'rejected', reason: { code: '55P03' } });
      expect(rc).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n } });
      expect(await store.readStream(b)).toEqual([]);
    } finally {
      await quick.close();
      await impatient.end();
    }
  });

  it('keeps the arrival order of appends to one stream: the second waits for the first', async () => {
    const a = newStreamId('a');
    const held = await appendInFlight();
    const first = store.append(a, [event('First')], 'no_stream');
    const second = store.append(a, [event('Second')], 0n);
    const other = store.append(newStreamId('b'), [event()], 'no_stream');
    await release(held.streamId);
    await held.done;
    const [r1, r2, ro] = await Promise.all([first, second, other]);
    expect([r1.nextExpectedRevision, r2.nextExpectedRevision]).toEqual([0n, 1n]);
    expect(txOf(r1)).toBe(txOf(ro));
    expect(txOf(r2) > txOf(r1)).toBe(true);
    expect((await store.readStream(a)).map((e) => e.type)).toEqual(['First', 'Second']);
  });
});
