import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { Projection, SqlTx } from '../runner/projection';
import { chainHash, contentHash, logRowContent, type LogRowContent } from './log-chain';

const COLUMNS = 15;

/**
 * Every contact with a student, append-only, one multi-row INSERT per batch, hash-chained per student (log-chain.ts).
 * The chain continues from each student's last stored entry, read in the same transaction as the insert.
 */
export class CommunicationLogProjection implements Projection {
  readonly name = 'communication-log';
  readonly tables = ['communication_log'] as const;

  async apply(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
    const entries: { position: string; c: LogRowContent }[] = [];
    for (const event of events) {
      const c = logRowContent(event);
      if (c) entries.push({ position: event.position.toString(), c });
    }
    if (entries.length === 0) return;
    const heads = await chainHeads(tx, [...new Set(entries.map((r) => r.c.studentId))]);
    const values: unknown[] = [];
    for (const { position, c } of entries) {
      const head = heads.get(c.studentId);
      // Already chained (an event delivered twice): chain it once.
      if (head && BigInt(c.streamRevision) <= head.revision) continue;
      const content = contentHash(c);
      const prev = head?.hash ?? null;
      const entry = chainHash(prev, content);
      heads.set(c.studentId, { revision: BigInt(c.streamRevision), hash: entry });
      values.push(c.entryId, position, c.studentId, c.districtId, c.streamRevision, c.occurredAt, c.kind, c.eventType, c.actor.id, c.actor.role, c.actor.initials, c.summary);
      values.push(JSON.stringify(c.details), content, prev, entry);
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
        `INSERT INTO communication_log (entry_id, position, student_id, district_id, stream_revision, occurred_at, kind, event_type, actor_id, actor_role, actor_initials, summary, details, content_hash, prev_hash, entry_hash)
         VALUES ${placeholders.join(',')} ON CONFLICT (entry_id) DO NOTHING`,
        chunk,
      );
    }
  }
}

/** Each student's last chained entry (revision and hash), one query for the whole batch. */
async function chainHeads(tx: SqlTx, studentIds: string[]): Promise<Map<string, { revision: bigint; hash: string }>> {
  const rows = await tx.query<{ student_id: string; stream_revision: string; entry_hash: string }>(
    `SELECT DISTINCT ON (student_id) student_id, stream_revision, entry_hash FROM communication_log
      WHERE student_id = ANY($1) ORDER BY student_id, stream_revision DESC`,
    [studentIds],
  );
  return new Map(rows.map((r) => [r.student_id, { revision: BigInt(r.stream_revision), hash: r.entry_hash }]));
}
