import type { ReadStreamOptions } from './event-store.port';

/**
 * Some of a stream's events, each as the JSON text of its history view (HistoryEventView: eventId, revision,
 * position, type, data, metadata, recordedAt, in that order, exactly as JSON.stringify writes that object), with its
 * revision. `json[i]` belongs to `revisions[i]`.
 */
export interface EventJsonBatch {
  json: Uint8Array[];
  revisions: string[];
}

/**
 * What an event store may offer beside the port: a stream's history views composed by the store itself and handed
 * over as they arrive, so the service neither parses nor re-serialises them (the PostgreSQL store streams its
 * rows' JSON text as it is stored). Batches come in revision order; a consumer that stops early ends the read.
 */
export interface EventJsonSource {
  readStreamJson(streamId: string, options: Required<ReadStreamOptions>): AsyncIterable<EventJsonBatch>;
}

export function isEventJsonSource(store: object): store is EventJsonSource {
  return typeof (store as Partial<EventJsonSource>).readStreamJson === 'function';
}
