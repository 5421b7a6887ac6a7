import type { Pool } from 'pg';
import { cutOff } from '../../../domain/records/cut-off';
import type { HistoricalEvent } from '../../../domain/records/record-snapshot.types';
import type { EventMetadata } from '../../../domain/shared/event';
import { copyRows } from './postgres-copy-binary';

/**
 * An event's time as the store keeps it: metadata.occurredAt in the json the service wrote, read by ->> as JSON.parse
 * reads it (the generated column occurred_at, postgres-event-store.schema.ts), compared byte by byte (C collation,
 * whatever the database's).
 */
const AT = `occurred_at COLLATE "C"`;

/** The time has toISOString's four-digit shape, digits where the d are: "dddd-dd-ddTdd:dd:dd.dddZ". */
const ISO_SHAPE = `translate(${AT}, '123456789', '000000000') = '0000-00-00T00:00:00.000Z'`;

/**
 * A stream cut at a moment (EventAsOfSource): PostgreSQL reads only the events that had happened by then, and COPY
 * (binary) streams each one's revision, type, data and metadata as stored, composing nothing. The data and metadata
 * of each batch that arrives are parsed at once, as one JSON array, and the events handed on as they come.
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
  const rows = copyRows(pool, 4, (client) => {
    const by =
      cut.after === null
        ? ''
        : `AND (occurred_at IS NULL OR ${AT} <= ${client.escapeLiteral(cut.after)} OR NOT (${ISO_SHAPE}))`;
    return `COPY (SELECT revision::text, type, data, metadata FROM "${schema}".events
      WHERE stream_id = ${client.escapeLiteral(streamId)} ${by} ORDER BY events.revision) TO STDOUT (FORMAT binary)`;
  });
  for await (const { buf, at } of rows) {
    const values = JSON.parse(dataAndMetadata(buf, at)) as unknown[];
    const events: HistoricalEvent[] = [];
    for (let i = 0, v = 0; i < at.length; i += 8, v += 2) {
      const metadata = values[v + 1] as EventMetadata;
      if (!cut.happened(metadata.occurredAt)) continue;
      const revision = buf.toString('latin1', at[i], at[i + 1]);
      events.push({ revision, type: buf.toString('utf8', at[i + 2], at[i + 3]), data: values[v], metadata });
    }
    yield events;
  }
}

/** The rows' data and metadata (values 3 and 4 of each), as the text of one JSON array: [data, metadata, data, ...]. */
function dataAndMetadata(buf: Buffer, at: readonly number[]): string {
  let size = 2;
  for (let i = 4; i < at.length; i += 8) size += at[i + 1]! - at[i]! + at[i + 3]! - at[i + 2]! + 2;
  const out = Buffer.allocUnsafe(size);
  let w = 0;
  out[w++] = 0x5b; // [
  for (let i = 4; i < at.length; i += 8) {
    if (w > 1) out[w++] = 0x2c; // ,
    w += buf.copy(out, w, at[i], at[i + 1]);
    out[w++] = 0x2c;
    w += buf.copy(out, w, at[i + 2], at[i + 3]);
  }
  out[w++] = 0x5d; // ]
  return out.toString('utf8', 0, w);
}
