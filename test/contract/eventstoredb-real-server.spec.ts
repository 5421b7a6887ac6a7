import { EventStoreDbEventStore } from '../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store';
import { eventStoreContract } from './event-store.contract';

// The same contract against a REAL EventStoreDB/KurrentDB server, only when EVENTSTORE_URL points at one, e.g.
//   docker run --rm -p 2113:2113 eventstore/eventstore:24.10 --insecure --run-projections=None
//   EVENTSTORE_URL='esdb://localhost:2113?tls=false' npx jest test/contract/eventstoredb-real-server
// Every test uses its own random streams, so a shared or non-empty server is fine.
const url = process.env.EVENTSTORE_URL;

if (url) {
  const shown = url.replace(/\/\/[^@/]*@/, '//'); // never print credentials
  eventStoreContract(`EventStoreDB adapter against the real server ${shown}`, async () => {
    const store = new EventStoreDbEventStore(url);
    return { store, teardown: () => store.close() };
  });
} else {
  // Counted as skipped, not passed: the output says plainly that the real-server run did not happen.
  test.skip('EventStoreDB real server: not configured (set EVENTSTORE_URL to run the contract suite against a real server)', () =>
    undefined);
}
