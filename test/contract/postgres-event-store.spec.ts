import { startPostgresEventStore } from '../support/postgres-store';
import { eventStoreContract } from './event-store.contract';

eventStoreContract('PostgreSQL', async () => {
  const { store, close } = await startPostgresEventStore('es_contract', 10);
  return { store, teardown: close };
});

// Group commit is on by default (above); the contract holds with one transaction per append too.
eventStoreContract('PostgreSQL without group commit', async () => {
  const { store, close } = await startPostgresEventStore('es_contract_solo', 10, { groupCommit: false });
  return { store, teardown: close };
});
