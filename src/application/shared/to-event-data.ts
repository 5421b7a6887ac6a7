import type { DomainEvent, EventMetadata } from '../../domain/shared/event';
import { requireStorableText } from '../../domain/shared/storable-text';
import type { EventToAppend, RecordedEvent } from '../ports/event-store.port';
import type { IdGenerator } from '../ports/clock.port';
import type { CommandEnvelope } from './command-envelope';

/**
 * Wraps decided events with metadata: actor, correlation and causation, command name, time from the clock.
 * Every append passes here, so it is the last gate for text PostgreSQL cannot store, whatever the input's channel
 * (HTTP checks it first and names the request's field; the CLI, gateways and reactions are caught here).
 */
export function toEventData(
  events: readonly DomainEvent[],
  command: string,
  env: CommandEnvelope,
  now: Date,
  ids: IdGenerator,
): EventToAppend[] {
  const metadata: EventMetadata = {
    actor: env.actor,
    correlationId: env.correlationId,
    causationId: env.causationId ?? env.correlationId,
    command,
    occurredAt: now.toISOString(),
  };
  requireStorableText(metadata, 'metadata.');
  for (const e of events) requireStorableText(e.data);
  return events.map((e) => ({ id: ids.next(), type: e.type, data: e.data, metadata }));
}

export const asDomainEvent = <E extends DomainEvent>(e: RecordedEvent): E => ({ type: e.type, data: e.data }) as E;
