import type { HistoricalEvent } from '../../domain/records/record-snapshot.types';

/**
 * What an event store may offer beside the port: a stream cut at a moment by the store itself, so that a replay as
 * of that moment neither reads nor parses what happened later. It yields exactly the events happenedBy keeps
 * (Date.parse(metadata.occurredAt) <= asOf, each event judged by its own time, ties and the moment itself
 * included), in revision order, in batches as they are read, each event with what the replay needs (revision,
 * type, data, metadata). The PostgreSQL store has it; EventStoreDB cannot filter a stream read by a time in the
 * metadata, so its replays read the whole stream (GetRecordAsOfHandler). A consumer that stops early ends the read.
 */
export interface EventAsOfSource {
  readStreamAsOf(streamId: string, asOf: Date): AsyncIterable<HistoricalEvent[]>;
}

export function isEventAsOfSource(store: object): store is EventAsOfSource {
  return typeof (store as Partial<EventAsOfSource>).readStreamAsOf === 'function';
}
