import type { Pool } from 'pg';
import { cutOff } from '../../../domain/records/cut-off';
import type { HistoricalEvent } from '../../../domain/records/record-snapshot.types';
import { copyJsonRows } from './postgres-stream-json';

/**
 * An event's time as the store keeps it: metadata.occurredAt in the json the service wrote, read by ->> as JSON.parse
 * reads it, compared byte by byte (C collation, whatever the database's).
 */
const AT = `(metadata ->> 'occurredAt') COLLATE "C"`;

/** The time has toISOString's four-digit shape, digits where the d are: "dddd-dd-ddTdd:dd:dd.dddZ". */
const ISO_SHAPE = `translate(${AT}, '123456789', '000000000') = '0000-00-00T00:00:00.000Z'`;

/** What a replay needs of an event (HistoricalEvent), as JSON: the revision's decimal text and the stored json. */
const REPLAY_EVENT = `concat('{"revision":"', revision, '","type":', to_json(type), ',"data":', data, ',"metadata":',
  metadata, '}')`;

/**
 * A stream cut at a moment (EventAsOfSource): PostgreSQL reads only the events that had happened by then, and COPY
 * (binary) streams them as the JSON of what the replay needs; each batch is parsed once as it arrives.
 *
 * PostgreSQL passes over an event when its time sorts after the moment's toISOString and has that text's shape:
 * Date.parse reads such a time as later, or not at all (cut-off.ts). Every other event is read, and each event read
 * is judged again here as happenedBy judges it (by its text when it is a plain toISOString time, else Date.parse),
 * so the answer never rests on how PostgreSQL reads a time. A moment past the year 9999 reads the whole stream.
 */
export async function* readStreamAsOf(
  pool: Pool,
  schema: string,
  streamId: string,
  asOf: Date,
): AsyncGenerator<HistoricalEvent[]> {
  const cut = cutOff(asOf);
  const rows = copyJsonRows(pool, (client) => {
    const by = cut.after === null ? '' : `AND (${AT} <= ${client.escapeLiteral(cut.after)} OR NOT (${ISO_SHAPE}))`;
    return `COPY (SELECT revision::text, ${REPLAY_EVENT} FROM "${schema}".events
      WHERE stream_id = ${client.escapeLiteral(streamId)} ${by} ORDER BY events.revision) TO STDOUT (FORMAT binary)`;
  });
  for await (const { json } of rows) {
    const events = JSON.parse(jsonArray(json)) as HistoricalEvent[];
    yield events.filter((e) => cut.happened(e.metadata.occurredAt));
  }
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/** The rows' JSON texts as the text of one JSON array. */
function jsonArray(json: readonly Uint8Array[]): string {
  const parts: Uint8Array[] = [OPEN];
  for (let i = 0; i < json.length; i++) {
    if (i > 0) parts.push(COMMA);
    parts.push(json[i]!);
  }
  parts.push(CLOSE);
  return Buffer.concat(parts).toString('utf8');
}
