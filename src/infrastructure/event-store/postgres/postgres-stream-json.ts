import type { Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { EventJsonBatch } from '../../../application/ports/event-json-source.port';
import type { ReadStreamOptions } from '../../../application/ports/event-store.port';

/**
 * One event's history view composed by PostgreSQL, byte for byte what JSON.stringify(toHistoryEvent(event)) writes
 * from a stream read: position and revision as decimal strings; the type through to_json (it escapes exactly what
 * JSON.stringify does); data and metadata as the stored json text, which the service wrote with JSON.stringify and
 * so reads back unchanged through JSON.parse and JSON.stringify; recorded_at in UTC with milliseconds, truncated as
 * isoInstant truncates (to_char's MS does). Tested against the object path in
 * test/integration/postgres-stream-json.spec.ts.
 */
const EVENT_JSON = `concat('{"eventId":"', event_id, '","revision":"', revision, '","position":"', position, '","type":',
  to_json(type), ',"data":', data, ',"metadata":', metadata, ',"recordedAt":"',
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '"}')`;

/**
 * A stream's events as their history views, streamed: COPY (binary) sends each row's two values (revision, JSON) as
 * length-prefixed bytes, which are handed on as they arrive, never decoded. COPY takes no parameters: the stream id
 * is quoted by the driver (escapeLiteral), the numbers are bigints printed here.
 */
export function readStreamJson(
  pool: Pool,
  schema: string,
  streamId: string,
  options: Required<ReadStreamOptions>,
): AsyncGenerator<EventJsonBatch> {
  return copyJsonRows(
    pool,
    (client) => `COPY (SELECT revision::text, ${EVENT_JSON} FROM "${schema}".events
      WHERE stream_id = ${client.escapeLiteral(streamId)} AND revision >= ${BigInt(options.fromRevision).toString()}
      ORDER BY events.revision LIMIT ${Math.max(0, Math.floor(options.maxCount))}) TO STDOUT (FORMAT binary)`,
  );
}

/**
 * The rows of `COPY (SELECT revision text, JSON text ...) TO STDOUT (FORMAT binary)`, in batches as they arrive, on a
 * connection of their own. The statement is written with that connection (its escapeLiteral quotes the values).
 */
export async function* copyJsonRows(
  pool: Pool,
  statement: (client: PoolClient) => string,
): AsyncGenerator<EventJsonBatch> {
  const client: PoolClient = await pool.connect();
  let clean = false;
  try {
    const rows = new CopyBinaryRows();
    for await (const chunk of client.query(copyTo(statement(client)))) {
      const batch = rows.push(chunk as Buffer);
      if (batch.json.length > 0) yield batch;
    }
    rows.end();
    clean = true;
  } finally {
    // A COPY left half-read (the consumer stopped, or the read failed) ends with its connection.
    client.release(clean ? undefined : true);
  }
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_FIXED = SIGNATURE.length + 8;

/** A parser of COPY's binary format for rows of two non-null values (revision text, JSON text), across chunks. */
export class CopyBinaryRows {
  private rest: Buffer | null = null;
  private headerRead = false;
  private ended = false;

  push(chunk: Buffer): EventJsonBatch {
    const buf = this.rest === null ? chunk : Buffer.concat([this.rest, chunk]);
    const out: EventJsonBatch = { json: [], revisions: [] };
    let at = 0;
    if (!this.headerRead) {
      if (buf.length < HEADER_FIXED) {
        this.rest = buf;
        return out;
      }
      if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('COPY: not the binary format');
      const extension = buf.readUInt32BE(SIGNATURE.length + 4);
      if (buf.length < HEADER_FIXED + extension) {
        this.rest = buf;
        return out;
      }
      at = HEADER_FIXED + extension;
      this.headerRead = true;
    }
    while (at + 2 <= buf.length) {
      const fields = buf.readInt16BE(at);
      if (fields === -1) {
        this.ended = true;
        at += 2;
        break;
      }
      if (fields !== 2) throw new Error(`COPY: a row of ${fields} values, 2 expected`);
      if (at + 6 > buf.length) break;
      const revisionLength = buf.readInt32BE(at + 2);
      const jsonAt = at + 6 + revisionLength;
      if (revisionLength < 0 || jsonAt + 4 > buf.length) {
        if (revisionLength < 0) throw new Error('COPY: a null revision');
        break;
      }
      const jsonLength = buf.readInt32BE(jsonAt);
      if (jsonLength < 0) throw new Error('COPY: a null event');
      const end = jsonAt + 4 + jsonLength;
      if (end > buf.length) break;
      out.revisions.push(buf.toString('latin1', at + 6, jsonAt));
      out.json.push(buf.subarray(jsonAt + 4, end));
      at = end;
    }
    this.rest = at < buf.length ? buf.subarray(at) : null;
    return out;
  }

  /** Throws unless the data ended exactly with COPY's trailer. */
  end(): void {
    if (!this.ended || this.rest !== null) throw new Error('COPY: the data ended early');
  }
}
