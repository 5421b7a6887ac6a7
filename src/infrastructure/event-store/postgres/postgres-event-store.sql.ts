import { NON_APPENDING_APPLICATIONS } from '../../database/application-names';
import type { EventMetadata } from '../../../domain/shared/event';
import type { RecordedEvent } from '../../../application/ports/event-store.port';
import { validSchemaName } from './postgres-event-store.schema';

/** A named (prepared once per connection) statement; the name carries the schema so texts never clash. */
export interface Statement {
  name: string;
  text: string;
}

export type AppendMode = 'no_stream' | 'any' | 'stream_exists' | 'exact';

export interface EventStoreSql {
  channel: string;
  append: Record<AppendMode, Statement>;
  currentRevision: Statement;
  /** The stored events carrying some ids: recognises a repeated append. */
  eventsById: Statement;
  readStream: Statement;
  readAll: Statement;
}

/** 2^20: the low 20 bits of a position are the event's index inside its append. */
export const POSITION_SHIFT = 1048576n;
export const MAX_EVENTS_PER_APPEND = 1048575;

/**
 * Every stream statement first takes a per-stream advisory lock, in a FROM subquery so that it runs BEFORE the
 * statement's first write assigns the transaction id. Without it, two 'any' appenders could take transaction ids in
 * one order and the stream row lock in the other, giving revision N+1 a smaller position than revision N.
 * The lock's first key is derived from the schema, so it cannot collide with other users of single-key locks.
 */
function streamHead(mode: AppendMode, s: string): string {
  const lock = `(SELECT pg_advisory_xact_lock(hashtext('${s}.streams'), hashtext($1))) AS stream_lock`;
  switch (mode) {
    case 'no_stream':
      return `INSERT INTO "${s}".streams (stream_id, revision) SELECT $1, $2::bigint - 1 FROM ${lock}
              ON CONFLICT (stream_id) DO NOTHING RETURNING revision`;
    case 'any':
      return `INSERT INTO "${s}".streams AS st (stream_id, revision) SELECT $1, $2::bigint - 1 FROM ${lock}
              ON CONFLICT (stream_id) DO UPDATE SET revision = st.revision + $2::bigint RETURNING st.revision`;
    case 'stream_exists':
      return `UPDATE "${s}".streams AS st SET revision = st.revision + $2::bigint FROM ${lock}
              WHERE st.stream_id = $1 RETURNING st.revision`;
    case 'exact':
      return `UPDATE "${s}".streams AS st SET revision = st.revision + $2::bigint FROM ${lock}
              WHERE st.stream_id = $1 AND st.revision = $7::bigint RETURNING st.revision`;
  }
}

/**
 * One statement = one implicit transaction and one round trip: advance the stream head, insert every event, and
 * queue the NOTIFY (delivered on commit, carrying the last position). When the head did not move (conflict) the
 * insert reads zero rows, nothing is written and nobody is notified.
 */
function appendStatement(mode: AppendMode, s: string): Statement {
  return {
    name: `es_${s}_append_${mode}`,
    text: `
      WITH head AS (${streamHead(mode, s)}),
      inserted AS (
        INSERT INTO "${s}".events (position, tx_id, stream_id, revision, event_id, type, data, metadata)
        SELECT pg_current_xact_id()::text::bigint * ${POSITION_SHIFT} + e.ord - 1, pg_current_xact_id(), $1,
               head.revision - $2::bigint + e.ord, e.id, e.type, e.data, e.metadata
        FROM head CROSS JOIN unnest($3::uuid[], $4::text[], $5::json[], $6::json[])
             WITH ORDINALITY AS e(id, type, data, metadata, ord)
        RETURNING position, revision
      )
      SELECT count(*)::int AS written, max(revision)::text AS revision, max(position)::text AS position,
             CASE WHEN count(*) > 0 THEN pg_notify('${s}_events', max(position)::text) END AS notified
      FROM inserted`,
  };
}

// Output columns are text, so ORDER BY must name the table's column (events.x): a bare name would sort the text alias.
const COLUMNS = `position::text AS position, stream_id, revision::text AS revision, event_id::text AS id, type,
  data::text AS data, metadata::text AS metadata, to_json(recorded_at) #>> '{}' AS recorded_at`;

/**
 * A stream read answers ONE row with ONE value: an array per event, ["position","revision","event_id","type",data,
 * metadata,"recorded_at"], comma-separated in revision order (null when there are none; this process adds the
 * brackets). position and revision are strings (int8 can exceed a double); recorded_at is UTC without an offset,
 * whatever the session's TimeZone. The inner LIMIT is maxCount as before. One JSON.parse of one value costs this
 * process far less than taking seven columns of every row apart as strings and parsing data and metadata one by one:
 * on a 5,000-event replay about 45 -> 32 ms of Node CPU for about 8 ms more PostgreSQL CPU (which parallel chunk
 * reads, see readWholeStream, spread over backends); a 200-event load costs about the same either way.
 */
const STREAM_EVENTS_JSON = `string_agg(concat('["', e.position, '","', e.revision, '","', e.event_id, '",', to_json(e.type), ',',
  e.data, ',', e.metadata, ',', to_json(e.recorded_at AT TIME ZONE 'UTC'), ']'), ',' ORDER BY e.revision) AS events`;

/**
 * The readers' horizon: the oldest transaction id still running that could yet append an event, or the snapshot's
 * xmax when none is. From the statement's own snapshot (pg_current_snapshot() is the snapshot the events are read
 * with), every in-progress id counts except those known never to append: ids held right now by a connection of
 * NON_APPENDING_APPLICATIONS (the read models' writers, live and rebuilding: their transactions take an id to write
 * rows and lock their checkpoint, and stay open for tens of milliseconds; counted, each held back every event
 * appended after it began, for every reader: the stalls of issue 19's projection-lag figure), or by a session of
 * another database (it cannot write this table). Whatever is not
 * known counts (a transaction that ended between the snapshot and the look at pg_stat_get_activity counts), so the
 * horizon is never later than it must be: an event below it whose transaction commits is in the snapshot. Transaction
 * ids in pg_stat_get_activity are 32 bits: in-progress ids lie within 2^31 of each other, so the low 32 bits of an
 * xid8 name one of them.
 */
export const READ_HORIZON = `(SELECT least(pg_snapshot_xmax(s.snap), (
    SELECT min(x) FROM pg_snapshot_xip(s.snap) AS x
    WHERE (x::text::bigint % 4294967296) NOT IN (
      SELECT a.backend_xid::text::bigint FROM pg_stat_get_activity(NULL) AS a
      WHERE a.backend_xid IS NOT NULL
        AND (a.datid IS DISTINCT FROM (SELECT oid FROM pg_database WHERE datname = current_database())
             OR a.application_name IN (${NON_APPENDING_APPLICATIONS.map((n) => `'${n}'`).join(', ')})))))
  FROM (SELECT pg_current_snapshot() AS snap) AS s)`;

export function eventStoreSql(schema: string): EventStoreSql {
  const s = validSchemaName(schema);
  return {
    channel: `${s}_events`,
    append: {
      no_stream: appendStatement('no_stream', s),
      any: appendStatement('any', s),
      stream_exists: appendStatement('stream_exists', s),
      exact: appendStatement('exact', s),
    },
    currentRevision: {
      name: `es_${s}_current_revision`,
      text: `SELECT revision::text AS revision FROM "${s}".streams WHERE stream_id = $1`,
    },
    eventsById: {
      name: `es_${s}_events_by_id`,
      text: `SELECT event_id::text AS id, stream_id, revision::text AS revision, position::text AS position
             FROM "${s}".events WHERE event_id = ANY($1::uuid[])`,
    },
    readStream: {
      name: `es_${s}_read_stream`,
      text: `SELECT ${STREAM_EVENTS_JSON} FROM (
               SELECT position, revision, event_id, type, data, metadata, recorded_at FROM "${s}".events
               WHERE stream_id = $1 AND revision >= $2::bigint ORDER BY revision LIMIT $3::bigint) AS e`,
    },
    // Only events whose transaction and every older transaction that could append have finished: that prefix of
    // the log never grows below a checkpoint afterwards (see postgres-event-store.ts, READ_HORIZON).
    readAll: {
      name: `es_${s}_read_all`,
      text: `SELECT ${COLUMNS} FROM "${s}".events
             WHERE position > $1::bigint AND tx_id < ${READ_HORIZON}
             ORDER BY events.position LIMIT $2::bigint`,
    },
  };
}

/** Row shape of COLUMNS: every int8 arrives as text (immune to global type parsers), converted with BigInt. */
export interface EventRow {
  position: string;
  stream_id: string;
  revision: string;
  id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}

/** The one value of a stream read (STREAM_EVENTS_JSON). */
export interface StreamEventsRow {
  /** The events' arrays, comma-separated (no brackets); null when there are none. */
  events: string | null;
}

type StreamEventTuple = [
  position: string,
  revision: string,
  id: string,
  type: string,
  data: unknown,
  metadata: EventMetadata,
  recordedAt: string,
];

export function toStreamEvents(row: StreamEventsRow | undefined, streamId: string): RecordedEvent[] {
  if (row === undefined || row.events === null) return [];
  const tuples = JSON.parse(`[${row.events}]`) as StreamEventTuple[];
  const events = new Array<RecordedEvent>(tuples.length);
  for (let i = 0; i < tuples.length; i++) {
    const t = tuples[i]!;
    events[i] = {
      id: t[2],
      streamId,
      revision: BigInt(t[1]),
      position: BigInt(t[0]),
      type: t[3],
      data: t[4],
      metadata: t[5],
      recordedAt: isoInstant(t[6]),
    };
  }
  return events;
}

const PLAIN_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(\d{1,6}))?$/;

/**
 * A stream read's time, "2024-05-01T12:00:00.123456" (UTC, no offset), as the ISO string it always was
 * (new Date(...).toISOString(): milliseconds, truncated), by slicing instead of parsing a date. Other shapes
 * (years past 9999) go through Date.
 */
export function isoInstant(utc: string): string {
  const plain = PLAIN_UTC.exec(utc);
  if (plain === null) return new Date(`${utc}Z`).toISOString();
  const fraction = plain[1] ?? '';
  return `${utc.slice(0, 19)}.${fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, '0')}Z`;
}
