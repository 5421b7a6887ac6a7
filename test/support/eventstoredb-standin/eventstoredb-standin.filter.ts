/**
 * Server-side $all filters of the EventStoreDB stand-in (ReadReq.Options.FilterOptions): on event type or stream name,
 * by regex or by a list of prefixes, as the server applies them. The client's `excludeSystemEvents()` is an event-type
 * regex `^[^$].*`, so system events (`$`-prefixed types) never reach the subscriber.
 */
import type { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { StandInRecord } from './eventstoredb-standin.log';

export interface StandInFilter {
  allows(record: StandInRecord): boolean;
  /** Checkpoint every this many considered events: checkpointIntervalMultiplier x max search window (default 32). */
  checkpointInterval: number;
}

/** The server's read batch size, used as the search window when the client sends `count` instead of `max`. */
const DEFAULT_SEARCH_WINDOW = 32;

export function filterFrom(options: ReadReq.Options): StandInFilter | undefined {
  if (!options.hasFilter()) return undefined;
  const filter = options.getFilter()!;
  const onEventType = filter.hasEventType();
  const expression = onEventType ? filter.getEventType()! : filter.getStreamIdentifier()!;
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const prefixes = expression.getPrefixList();
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_SEARCH_WINDOW;
  return {
    checkpointInterval: Math.max(1, filter.getCheckpointintervalmultiplier()) * window,
    allows(record) {
      const subject = onEventType ? record.type : record.streamId;
      if (regex && !regex.test(subject)) return false;
      if (prefixes.length > 0 && !prefixes.some((prefix) => subject.startsWith(prefix))) return false;
      return true;
    },
  };
}
