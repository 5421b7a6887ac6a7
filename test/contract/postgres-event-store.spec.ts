import { startPostgresEventStore } from '../support/postgres-store';
import { eventStoreContract } from './event-store.contract';

eventStoreContract('PostgreSQL', async () => {
  const { store, close } = await startPostgresEventStore('es_contract', 10);
  return { store, teardown: close };
});
