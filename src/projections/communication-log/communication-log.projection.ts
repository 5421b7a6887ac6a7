import type { RecordedEvent } from '../../application/ports/event-store.port';
import { STUDENT_STREAM_PREFIX } from '../../domain/student/student.events';
import type { Projection, SqlTx } from '../runner/projection';
import { toLogEntry } from './log-entry';

const COLUMNS = 12;

/** Every contact with a student, append-only, one multi-row INSERT per batch. */
export class CommunicationLogProjection implements Projection {
  readonly name = 'communication-log';
  readonly tables = ['communication_log'] as const;

  async apply(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
    const values: unknown[] = [];
    for (const event of events) {
      if (!event.streamId.startsWith(STUDENT_STREAM_PREFIX)) continue;
      const entry = toLogEntry(event);
      if (!entry) continue;
      const { actor } = event.metadata;
      values.push(
        event.id, event.position.toString(), event.streamId.slice(STUDENT_STREAM_PREFIX.length), actor.districtId, event.revision.toString(),
        event.metadata.occurredAt, entry.kind, event.type, actor.id, actor.role, actor.initials ?? null, entry.summary,
      );
      values.push(JSON.stringify({ data: event.data, correlationId: event.metadata.correlationId, causationId: event.metadata.causationId, command: event.metadata.command }));
    }
    if (values.length === 0) return;
    // Postgres allows 65,535 parameters per statement: chunk well under it.
    const perRow = COLUMNS + 1;
    const rowsPerChunk = Math.floor(60000 / perRow);
    for (let start = 0; start < values.length; start += rowsPerChunk * perRow) {
      const chunk = values.slice(start, start + rowsPerChunk * perRow);
      const rows = chunk.length / perRow;
      const placeholders = Array.from({ length: rows }, (_, r) => `(${Array.from({ length: perRow }, (_, c) => `$${r * perRow + c + 1}`).join(',')})`);
      await tx.query(
        `INSERT INTO communication_log (entry_id, position, student_id, district_id, stream_revision, occurred_at, kind, event_type, actor_id, actor_role, actor_initials, summary, details)
         VALUES ${placeholders.join(',')} ON CONFLICT (entry_id) DO NOTHING`,
        chunk,
      );
    }
  }
}
