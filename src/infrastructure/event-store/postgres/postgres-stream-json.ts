import type { Pool } from 'pg';
import type { EventJsonBatch } from '../../../application/ports/event-json-source.port';
import type { ReadStreamOptions } from '../../../application/ports/event-store.port';
import { copyRows } from './postgres-copy-binary';

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
 * length-prefixed bytes, which are handed on as they arrive, never decoded. The numbers are bigints printed here.
 */
export async function* readStreamJson(
  pool: Pool,
  schema: string,
  streamId: string,
  options: Required<ReadStreamOptions>,
): AsyncGenerator<EventJsonBatch> {
  const rows = copyRows(
    pool,
    2,
    (client) => `COPY (SELECT revision::text, ${EVENT_JSON} FROM "${schema}".events
      WHERE stream_id = ${client.escapeLiteral(streamId)} AND revision >= ${BigInt(options.fromRevision).toString()}
      ORDER BY events.revision LIMIT ${Math.max(0, Math.floor(options.maxCount))}) TO STDOUT (FORMAT binary)`,
  );
  for await (const { buf, at } of rows) {
    const batch: EventJsonBatch = { json: [], revisions: [] };
    for (let i = 0; i < at.length; i += 4) {
      batch.revisions.push(buf.toString('latin1', at[i], at[i + 1]));
      batch.json.push(buf.subarray(at[i + 2], at[i + 3]));
    }
    yield batch;
  }
}
