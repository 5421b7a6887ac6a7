import { Client, Pool } from 'pg';
import {
  NON_APPENDING_APPLICATIONS,
  READ_MODELS_APPLICATION,
  REBUILD_APPLICATION,
} from '../../src/infrastructure/database/application-names';
import { createReadModelDataSource } from '../../src/infrastructure/database/read-model-data-source.factory';
import { PostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store';
import { ensureSchema } from '../../src/infrastructure/event-store/postgres/postgres-event-store.schema';
import { collect, event, newStreamId, scanAll, sleep } from '../contract/event-store-contract.helpers';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The readers' horizon (issue 19): a transaction that can never append (a read model's writer, a session of another
 * database) no longer holds back the log; any other transaction still does, exactly as before. The transactions
 * here hold a real transaction id (they write a row), as a projection's batch does from its checkpoint lock on.
 */
describe('PostgresEventStore readers: which open transactions hold the log back', () => {
  const schema = 'es_horizon';
  let db: TestDatabase;
  let other: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    [db, other] = await Promise.all([createTestDatabase('es_horizon'), createTestDatabase('es_horizon_other')]);
    pool = new Pool({ connectionString: db.url, max: 8, application_name: 'texting-event-store' });
    pool.on('error', () => undefined);
    await ensureSchema(pool, { schema });
    await pool.query('CREATE TABLE scratch (n int)');
    store = new PostgresEventStore(pool, { schema, groupCommit: false });
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await Promise.all([db.drop(), other.drop()]);
  });

  /** Opens a transaction that has written (so it holds a transaction id) on a connection with that name. */
  async function openWriter(applicationName: string, url = db.url) {
    const client = new Client({ connectionString: url, application_name: applicationName });
    await client.connect();
    await client.query('BEGIN');
    await client.query('CREATE TEMP TABLE IF NOT EXISTS held (n int); INSERT INTO held VALUES (1)');
    return {
      end: async () => {
        await client.query('COMMIT');
        await client.end();
      },
    };
  }

  async function appendWhileOpen(applicationName: string, url?: string) {
    const anchor = (await store.append(newStreamId('anchor'), [event()], 'no_stream')).position;
    const writer = await openWriter(applicationName, url);
    const id = newStreamId('after');
    const appended = event('AfterTheWriterBegan');
    await store.append(id, [appended], 'no_stream');
    const seenWhileOpen = (await scanAll(store, new Set([id]), anchor)).map((e) => e.id);
    await writer.end();
    const seenAfter = (await scanAll(store, new Set([id]), anchor)).map((e) => e.id);
    return { appended, seenWhileOpen, seenAfter };
  }

  it.each(NON_APPENDING_APPLICATIONS)(
    'an open transaction of %s does not hold back an event appended after it began',
    async (name) => {
      const { appended, seenWhileOpen, seenAfter } = await appendWhileOpen(name);
      expect(seenWhileOpen).toEqual([appended.id]);
      expect(seenAfter).toEqual([appended.id]);
    },
  );

  it('nor does an open transaction in another database on the same server', async () => {
    const { appended, seenWhileOpen } = await appendWhileOpen('texting-event-store', other.url);
    expect(seenWhileOpen).toEqual([appended.id]);
  });

  it.each(['texting-event-store', 'some-migration', ''])(
    'an open transaction of any other connection (%j) still holds it back until it ends',
    async (name) => {
      const { appended, seenWhileOpen, seenAfter } = await appendWhileOpen(name);
      expect(seenWhileOpen).toEqual([]);
      expect(seenAfter).toEqual([appended.id]);
    },
  );

  it('a live subscription is not held back by a read-model transaction, and still is by any other', async () => {
    const anchor = (await store.append(newStreamId('anchor'), [event()], 'no_stream')).position;
    const [free, late] = [newStreamId('free'), newStreamId('late')];
    const sub = collect(store.subscribeToAll({ after: anchor }), new Set([free, late]));
    const readModel = await openWriter(READ_MODELS_APPLICATION);
    const freeEvent = event('Free');
    await store.append(free, [freeEvent], 'no_stream');
    await sub.waitFor(1, 5_000);
    const held = await openWriter('texting-event-store');
    const lateEvent = event('Late');
    await store.append(late, [lateEvent], 'no_stream');
    await sleep(300);
    expect(sub.seen.map((e) => e.id)).toEqual([freeEvent.id]);
    await held.end();
    await sub.waitFor(2, 5_000);
    await readModel.end();
    await sub.stop();
    expect(sub.seen.map((e) => e.id)).toEqual([freeEvent.id, lateEvent.id]);
  });

  it('the read models connect under the name the horizon leaves out', async () => {
    const dataSource = await createReadModelDataSource(db.url, 1, undefined, { migrate: false });
    try {
      await dataSource.query('SELECT 1');
      const { rows } = await pool.query<{ name: string }>(
        `SELECT application_name AS name FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
        [READ_MODELS_APPLICATION],
      );
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await dataSource.destroy();
    }
    expect(NON_APPENDING_APPLICATIONS).toEqual([READ_MODELS_APPLICATION, REBUILD_APPLICATION]);
  });
});
