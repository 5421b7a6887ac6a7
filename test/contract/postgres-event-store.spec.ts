import { Pool } from 'pg';
import { PostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store';
import { ensureSchema } from '../../src/infrastructure/event-store/postgres/postgres-event-store.schema';
import { createTestDatabase } from '../support/database';
import { eventStoreContract } from './event-store.contract';

eventStoreContract('PostgreSQL', async () => {
  const db = await createTestDatabase('es_contract');
  const pool = new Pool({ connectionString: db.url, max: 10 });
  await ensureSchema(pool);
  const store = new PostgresEventStore(pool);
  return {
    store,
    async teardown() {
      await store.close();
      await pool.end();
      await db.drop();
    },
  };
});
