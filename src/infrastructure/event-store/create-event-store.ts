import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import type { EventStore } from '../../application/ports/event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { ensureSchema } from './postgres/postgres-event-store.schema';
import { PostgresEventStore } from './postgres/postgres-event-store';

/** The event store the configuration names: PostgreSQL (embedded default) or EventStoreDB (production). */
export async function createEventStore(
  kind: 'postgres' | 'eventstoredb',
  pool: Pool,
  eventStoreUrl: string | undefined,
  options: { schemaReady?: boolean; eventStoreTimeoutMs?: number; groupCommit?: boolean } = {},
): Promise<EventStore> {
  if (kind === 'eventstoredb') {
    if (!eventStoreUrl)
      throw new Error('EVENT_STORE=eventstoredb needs EVENTSTORE_URL (e.g. esdb://localhost:2113?tls=false)');
    const logger = new Logger('EventStoreDB');
    // Subscription drops and retries are worth a line in the logs (no event data in them).
    return new EventStoreDbEventStore(eventStoreUrl, {
      operationTimeoutMs: options.eventStoreTimeoutMs,
      logger: { warn: (message, context) => logger.warn({ ...context }, message) },
    });
  }
  // schemaReady: the owner created the tables (prepareDatabase); the service's own role may not.
  if (!options.schemaReady) await ensureSchema(pool);
  return new PostgresEventStore(pool, { groupCommit: options.groupCommit ?? true });
}
