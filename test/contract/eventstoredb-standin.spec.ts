import { EventStoreDbEventStore } from '../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store';
import { startEventStoreDbStandIn } from '../support/eventstoredb-standin/eventstoredb-standin.server';
import { eventStoreContract } from './event-store.contract';

// The EventStoreDB adapter over real gRPC against the in-process STAND-IN (not EventStoreDB itself): see
// test/support/eventstoredb-standin for what it reproduces. eventstoredb-real-server.spec.ts runs the same
// contract against a real server when EVENTSTORE_URL is set.
eventStoreContract('EventStoreDB adapter against the gRPC stand-in (not a real server)', async () => {
  const standIn = await startEventStoreDbStandIn();
  const store = new EventStoreDbEventStore(standIn.url, { operationTimeoutMs: 5_000 });
  return {
    store,
    async teardown() {
      await store.close();
      await standIn.stop();
    },
  };
});
