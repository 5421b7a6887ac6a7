/**
 * Converts between the port's events and @eventstore/db-client's, and fixes the POSITION SCHEME:
 *
 * A port position is the event's $all commit position, as bigint (never Number: positions exceed 2^53).
 * EventStoreDB writes every event of an append as its own committed prepare record (log format v2, implicit
 * transactions), so on $all each event has commit = prepare = its own log position: events of one append do NOT
 * share a commit position, and positions are strictly increasing in log order, with gaps (record sizes).
 * Hence a port checkpoint `after` maps back to the exact Position { commit: after, prepare: after }.
 * Stream reads on servers from before 2022 (KurrentDB PR #3459) may carry no commit position (2^64-1, the
 * "no position" value); the prepare position is then used, which equals the commit position for these events. Events written inside
 * explicit transactions (legacy TCP API, gone in 24.x) break commit = prepare and are refused loudly rather than
 * given a position that could repeat.
 */
import type {
  AllStreamRecordedEvent,
  EventData,
  JSONType,
  Position,
  RecordedEvent as ClientRecordedEvent,
} from '@eventstore/db-client';
import type { EventToAppend, RecordedEvent } from '../../../application/ports/event-store.port';
import type { EventMetadata } from '../../../domain/shared/event';

/** What the server sends where it has no $all position (Position.End, i.e. ulong.MaxValue). */
const NO_POSITION = 2n ** 64n - 1n;

export const isSystemEventType = (type: string): boolean => type.startsWith('$');

/** An event this position scheme cannot place; retrying cannot help, so subscriptions stop on it. */
export class UnsupportedEventPositionError extends Error {
  override readonly name = 'UnsupportedEventPositionError';
}

export function toEventData(event: EventToAppend): EventData {
  return {
    // The event's own id: how the server (and the adapter's retry) recognises a repeat of an append.
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    // JSON.stringify(undefined) is not JSON; store null instead.
    data: (event.data ?? null) as JSONType,
    metadata: event.metadata as unknown as JSONType,
  };
}

export function positionOf(event: { id: string; position?: Position }): bigint {
  const { commit, prepare } = event.position ?? { commit: NO_POSITION, prepare: NO_POSITION };
  if (commit === NO_POSITION) {
    if (prepare === NO_POSITION)
      throw new UnsupportedEventPositionError(
        `EventStoreDB sent event ${event.id} without a position (server too old?)`,
      );
    return prepare;
  }
  if (commit !== prepare) {
    throw new UnsupportedEventPositionError(
      `EventStoreDB event ${event.id} has commit ${commit} != prepare ${prepare} (explicit transaction?)`,
    );
  }
  return commit;
}

/** The client's Position for a port position (see the scheme above). */
export const toClientPosition = (position: bigint): Position => ({ commit: position, prepare: position });

export function toRecordedEvent(event: ClientRecordedEvent | AllStreamRecordedEvent): RecordedEvent {
  return {
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    position: positionOf(event),
    type: event.type,
    data: event.data,
    metadata: event.metadata as unknown as EventMetadata,
    // The server stores .NET ticks; the client turns them into a Date (millisecond precision).
    recordedAt: event.created.toISOString(),
  };
}
