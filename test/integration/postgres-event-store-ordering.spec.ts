import { Client, Pool } from 'pg';
import { ConcurrencyError, type ExpectedRevision } from '../../src/application/ports/event-store.port';
import { appendEvents } from '../../src/infrastructure/event-store/postgres/postgres-append';
import { PostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store';
import { ensureSchema } from '../../src/infrastructure/event-store/postgres/postgres-event-store.schema';
import { eventStoreSql } from '../../src/infrastructure/event-store/postgres/postgres-event-store.sql';
import {
  collect,
  event,
  events,
  expectStrictlyIncreasing,
  newStreamId,
  scanAll,
  sleep,
} from '../contract/event-store-contract.helpers';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The sequence-gap problem: positions are taken before commit, so commits can land out of position order. These
 * tests hold an earlier transaction open (through the store's own append statement) while a later one commits.
 */
describe('PostgresEventStore ordering under out-of-order commits', () => {
  const schema = 'es_order';
  const sql = eventStoreSql(schema);
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('es_order');
    pool = new Pool({ connectionString: db.url, max: 24 });
    pool.on('error', () => undefined);
    await ensureSchema(pool, { schema });
    store = new PostgresEventStore(pool, { schema });
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await db.drop();
  });

  /** Opens a transaction whose append takes its transaction id now; the caller decides when it ends. */
  async function openAppend(streamId: string, expected: ExpectedRevision = 'no_stream') {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('BEGIN');
    const appended = event('Early');
    const result = await appendEvents(client, sql, streamId, [appended], expected);
    const end = async (how: 'COMMIT' | 'ROLLBACK') => {
      await client.query(how);
      await client.end();
    };
    return { appended, result, end };
  }

  it('holds back a later commit until the earlier transaction commits, then delivers both once, in order', async () => {
    const anchor = (await store.append(newStreamId('anchor'), [event()], 'no_stream')).position;
    const [streamA, streamB] = [newStreamId('early'), newStreamId('late')];
    const streams = new Set([streamA, streamB]);
    const sub = collect(store.subscribeToAll({ after: anchor }), streams);

    const early = await openAppend(streamA);
    const late = event('Late');
    const lateResult = await store.append(streamB, [late], 'no_stream');
    expect(lateResult.position > early.result.position).toBe(true);
    // The late event is committed (its writer reads it back) but not yet part of the log...
    expect((await store.readStream(streamB)).map((e) => e.id)).toEqual([late.id]);
    expect(await scanAll(store, streams, anchor)).toEqual([]);
    // ...even after its NOTIFY and several backoff polls: a reader at the late event would skip the early one.
    await sleep(300);
    expect(sub.seen).toEqual([]);

    await early.end('COMMIT');
    const seen = await sub.waitFor(2);
    await sleep(100);
    await sub.stop();
    expect(seen.map((e) => e.id)).toEqual([early.appended.id, late.id]);
    expect((await scanAll(store, streams, anchor)).map((e) => e.id)).toEqual([early.appended.id, late.id]);
  });

  it('releases the later commit when the earlier transaction rolls back, and never shows the rolled-back event', async () => {
    const anchor = (await store.append(newStreamId('anchor'), [event()], 'no_stream')).position;
    const [streamA, streamB] = [newStreamId('doomed'), newStreamId('kept')];
    const sub = collect(store.subscribeToAll({ after: anchor }), new Set([streamA, streamB]));
    const doomed = await openAppend(streamA);
    const kept = event('Kept');
    await store.append(streamB, [kept], 'no_stream');
    await sleep(100);
    expect(sub.seen).toEqual([]);
    await doomed.end('ROLLBACK');
    await sub.waitFor(1);
    await sleep(200);
    await sub.stop();
    expect(sub.seen.map((e) => e.id)).toEqual([kept.id]);
    expect(await store.readStream(streamA)).toEqual([]);
  });

  it('reports a (stream, revision) clash with a writer that bypassed the stream lock as a ConcurrencyError', async () => {
    const id = newStreamId('bypass');
    await store.append(id, [event()], 'no_stream');
    await pool.query(
      `INSERT INTO ${schema}.events (position, tx_id, stream_id, revision, event_id, type, data, metadata)
       VALUES (pg_current_xact_id()::text::bigint * 1048576, pg_current_xact_id(), $1, 1, gen_random_uuid(), 'Rogue', '{}', '{}')`,
      [id],
    );
    await expect(store.append(id, [event()], 0n)).rejects.toMatchObject({ name: 'ConcurrencyError', actual: 0n });
  });

  it('16 writers with conflicts, late commits and rollbacks: two live subscribers see every event once, same order', async () => {
    const anchor = (await store.append(newStreamId('anchor'), [event()], 'no_stream')).position;
    const streams = Array.from({ length: 6 }, (_, i) => newStreamId(`load-${i}`));
    const subscribers = [0, 1].map(() => collect(store.subscribeToAll({ after: anchor }), new Set(streams)));
    const tally = { conflicts: 0, rollbacks: 0, lateCommits: 0 };
    const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;

    async function writeOnce(streamId: string, roll: number): Promise<void> {
      const batch = events(1 + Math.floor(Math.random() * 3));
      if (roll < 0.2) {
        // Explicit transaction held open a moment: it commits (or aborts) after transactions that started later.
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await appendEvents(client, sql, streamId, batch, 'any');
          await sleep(Math.random() * 5);
          const commit = roll < 0.1;
          await client.query(commit ? 'COMMIT' : 'ROLLBACK');
          if (commit) tally.lateCommits++;
          else tally.rollbacks++;
        } finally {
          client.release();
        }
      } else if (roll < 0.5) {
        const head = (await store.readStream(streamId)).length;
        await store.append(streamId, batch, head === 0 ? 'no_stream' : BigInt(head - 1));
      } else if (roll < 0.55) {
        await store.append(streamId, batch, 1_000_000n);
      } else {
        await store.append(streamId, batch, 'any');
      }
    }

    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = 0; i < 50; i++) {
          await writeOnce(pick(streams), Math.random()).catch((error: unknown) => {
            if (!(error instanceof ConcurrencyError)) throw error;
            tally.conflicts++;
          });
        }
      }),
    );

    const committed = (await Promise.all(streams.map((id) => store.readStream(id)))).flat();
    const seen = await Promise.all(subscribers.map((s) => s.waitFor(committed.length)));
    await sleep(200);
    await Promise.all(subscribers.map((s) => s.stop()));

    const [one, two] = seen.map((list) => list.map((e) => e.id));
    expect(one).toHaveLength(committed.length);
    expect(two).toEqual(one);
    expect(new Set(one)).toEqual(new Set(committed.map((e) => e.id)));
    expectStrictlyIncreasing(seen[0]!.map((e) => e.position));
    for (const id of streams) {
      const revisions = seen[0]!.filter((e) => e.streamId === id).map((e) => e.revision);
      expect(revisions).toEqual(revisions.map((_, i) => BigInt(i)));
    }
    expect(tally.conflicts).toBeGreaterThan(0);
    expect(tally.rollbacks).toBeGreaterThan(0);
    expect(tally.lateCommits).toBeGreaterThan(0);
  });
});
