import { Pool } from 'pg';
import {
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from '../../src/infrastructure/event-store/postgres/postgres-event-store';
import { ensureSchema } from '../../src/infrastructure/event-store/postgres/postgres-event-store.schema';
import { createTestDatabase } from './database';

export interface TestEventStore {
  store: PostgresEventStore;
  /** The store's pool, for a look at its tables. */
  pool: Pool;
  close(): Promise<void>;
}

/**
 * A PostgreSQL event store on a fresh test database; close() ends it and drops the database. `timeZone`: the
 * sessions' TimeZone (e.g. one far from UTC, to show an answer does not depend on it).
 */
export async function startPostgresEventStore(
  prefix: string,
  maxConnections = 6,
  options: PostgresEventStoreOptions = {},
  timeZone?: string,
): Promise<TestEventStore> {
  const db = await createTestDatabase(prefix);
  const pool = new Pool({
    connectionString: db.url,
    max: maxConnections,
    ...(timeZone ? { options: `-c TimeZone=${timeZone}` } : {}),
  });
  // Dropping the test database ends any connection still open; that is the end of this test's store, not an error.
  pool.on('error', () => undefined);
  await ensureSchema(pool);
  const store = new PostgresEventStore(pool, options);
  return {
    store,
    pool,
    async close() {
      await store.close();
      await pool.end();
      await db.drop();
    },
  };
}
