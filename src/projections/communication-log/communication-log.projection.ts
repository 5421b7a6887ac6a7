import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { Projection, SqlTx } from '../runner/projection';
import { chainHash, logRowToWrite, type LogRowToWrite } from './log-chain';

interface Entry {
  position: string;
  w: LogRowToWrite;
}

/**
 * Every contact with a student, append-only, one INSERT per batch, hash-chained per student (log-chain.ts).
 * The chain continues from each student's last stored entry, read in the same transaction as the insert.
 */
export class CommunicationLogProjection implements Projection {
  readonly name = 'communication-log';
  readonly tables = ['communication_log'] as const;

  /** The rows the events become, but for their chain links (which need the stored heads): the most work of a batch. */
  prepare(events: readonly RecordedEvent[]): Entry[] {
    const entries: Entry[] = [];
    for (const event of events) {
      const w = logRowToWrite(event);
      if (w) entries.push({ position: event.position.toString(), w });
    }
    return entries;
  }

  async apply(tx: SqlTx, events: readonly RecordedEvent[], prepared?: unknown): Promise<void> {
    const entries = (prepared as Entry[] | undefined) ?? this.prepare(events);
    if (entries.length === 0) return;
    const heads = await chainHeads(tx, [...new Set(entries.map((e) => e.w.row.studentId))]);
    const columns: unknown[][] = Array.from({ length: 16 }, () => []);
    for (const { position, w } of entries) {
      const c = w.row;
      const head = heads.get(c.studentId);
      // Already chained (an event delivered twice): chain it once.
      if (head && BigInt(c.streamRevision) <= head.revision) continue;
      const prev = head?.hash ?? null;
      const entry = chainHash(prev, w.contentHash);
      heads.set(c.studentId, { revision: BigInt(c.streamRevision), hash: entry });
      const row = [c.entryId, position, c.studentId, c.districtId, c.streamRevision, c.occurredAt, c.kind, c.eventType, c.actor.id, c.actor.role,
        c.actor.initials, c.summary, w.detailsJson, w.contentHash, prev, entry];
      for (let i = 0; i < row.length; i++) columns[i]!.push(row[i]);
    }
    if (columns[0]!.length === 0) return;
    // One statement, an array per column: its text and parameter count do not depend on the row count.
    await tx.query(
      `INSERT INTO communication_log (entry_id, position, student_id, district_id, stream_revision, occurred_at, kind, event_type, actor_id, actor_role, actor_initials,
                                      summary, details, content_hash, prev_hash, entry_hash)
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                            $12::text[], $13::jsonb[], $14::text[], $15::text[], $16::text[])
       ON CONFLICT (entry_id) DO NOTHING`,
      columns,
    );
  }
}

/**
 * Each student's last chained entry (revision and hash), one query for the whole batch: one backward step per student
 * on the (student_id, stream_revision) index, never a scan of every earlier entry of the batch's students.
 */
async function chainHeads(tx: SqlTx, studentIds: string[]): Promise<Map<string, { revision: bigint; hash: string }>> {
  const rows = await tx.query<{ student_id: string; stream_revision: string; entry_hash: string }>(
    `SELECT s.student_id, h.stream_revision::text AS stream_revision, h.entry_hash FROM unnest($1::text[]) AS s(student_id)
       CROSS JOIN LATERAL (SELECT stream_revision, entry_hash FROM communication_log l
                            WHERE l.student_id = s.student_id ORDER BY l.stream_revision DESC LIMIT 1) h`,
    [studentIds],
  );
  return new Map(rows.map((r) => [r.student_id, { revision: BigInt(r.stream_revision), hash: r.entry_hash }]));
}
