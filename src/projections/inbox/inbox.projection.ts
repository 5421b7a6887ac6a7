import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { Projection, SqlTx } from '../runner/projection';
import { foldInbox, keysOf, type InboxItemRow, type InboxSeenRow } from './inbox.fold';

/** The NOTIFY channel the live stream (inbox-events.hub.ts) listens on; sent on commit, so never ahead of the rows. */
export const INBOX_CHANGES_CHANNEL = 'inbox_changes';

interface ItemRecord {
  student_id: string; staff_id: string; district_id: string; last_message_id: string; last_direction: 'outbound' | 'inbound'; last_status: string;
  last_at: Date | string; preview: string | null; last_position: string; inbound_count: number; failed_count: number; opt_out_at: number; other_at: number; pending_ids: string[];
}
interface SeenRecord { user_id: string; student_id: string; staff_id: string; inbound_count: number; failed_count: number }

const iso = (v: Date | string): string => (v instanceof Date ? v.toISOString() : v);

/**
 * The staff inbox (GET /v1/me/inbox, GET /v1/me/events): ONE set-based writer around the pure fold (inbox.fold.ts).
 * Per batch: load the items of every student the events name and the seen rows they name (one SELECT per table),
 * fold, then one upsert per table and one insert of the change lines, and a NOTIFY for the live streams.
 */
export class InboxProjection implements Projection {
  readonly name = 'inbox';
  readonly tables = ['inbox_items', 'inbox_seen', 'inbox_changes'] as const;

  async apply(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
    const keys = keysOf(events);
    if (keys.studentIds.length === 0 && keys.seen.length === 0) return;
    const items = keys.studentIds.length === 0 ? [] : await tx.query<ItemRecord>(
      `SELECT student_id, staff_id, district_id, last_message_id, last_direction, last_status, last_at, preview, last_position::text AS last_position,
              inbound_count, failed_count, opt_out_at, other_at, pending_ids FROM inbox_items WHERE student_id = ANY($1::text[])`,
      [keys.studentIds],
    );
    const seen = keys.seen.length === 0 ? [] : await tx.query<SeenRecord>(
      `SELECT s.user_id, s.student_id, s.staff_id, s.inbound_count, s.failed_count FROM inbox_seen s
         JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(user_id, student_id, staff_id) USING (user_id, student_id, staff_id)`,
      [keys.seen.map((k) => k.userId), keys.seen.map((k) => k.studentId), keys.seen.map((k) => k.staffId)],
    );
    const folded = foldInbox({ items: items.map(toItem), seen: seen.map(toSeen) }, events);
    await writeItems(tx, folded.items);
    await writeSeen(tx, folded.seen);
    if (folded.changes.length === 0) return;
    const c = folded.changes;
    await tx.query(
      `INSERT INTO inbox_changes (position, seq, student_id, staff_id, district_id, user_id, kind, message_id, status, flag, at)
       SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[])
       ON CONFLICT (position, seq) DO NOTHING`,
      [c.map((x) => x.position), c.map((x) => x.seq), c.map((x) => x.studentId), c.map((x) => x.staffId), c.map((x) => x.districtId), c.map((x) => x.userId),
        c.map((x) => x.kind), c.map((x) => x.messageId), c.map((x) => x.status), c.map((x) => x.flag), c.map((x) => x.at)],
    );
    await tx.query(`SELECT pg_notify('${INBOX_CHANGES_CHANNEL}', $1)`, [c[c.length - 1]!.position]);
  }
}

const toItem = (r: ItemRecord): InboxItemRow => ({
  studentId: r.student_id, staffId: r.staff_id, districtId: r.district_id, lastMessageId: r.last_message_id, lastDirection: r.last_direction, lastStatus: r.last_status,
  lastAt: iso(r.last_at), preview: r.preview, lastPosition: r.last_position, inboundCount: r.inbound_count, failedCount: r.failed_count, optOutAt: r.opt_out_at,
  otherAt: r.other_at, pendingIds: r.pending_ids,
});

const toSeen = (r: SeenRecord): InboxSeenRow => ({ userId: r.user_id, studentId: r.student_id, staffId: r.staff_id, inboundCount: r.inbound_count, failedCount: r.failed_count });

async function writeItems(tx: SqlTx, rows: readonly InboxItemRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof InboxItemRow>(k: K) => rows.map((r) => r[k]);
  // pending_ids travel as one JSON array per row: PostgreSQL has no array of arrays of different lengths.
  await tx.query(
    `INSERT INTO inbox_items (student_id, staff_id, district_id, last_message_id, last_direction, last_status, last_at, preview, last_position,
                              inbound_count, failed_count, opt_out_at, other_at, pending_ids)
     SELECT u.student_id, u.staff_id, u.district_id, u.last_message_id, u.last_direction, u.last_status, u.last_at, u.preview, u.last_position,
            u.inbound_count, u.failed_count, u.opt_out_at, u.other_at, ARRAY(SELECT json_array_elements_text(u.pending::json))
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::bigint[],
                   $10::int[], $11::int[], $12::int[], $13::int[], $14::text[])
            AS u(student_id, staff_id, district_id, last_message_id, last_direction, last_status, last_at, preview, last_position, inbound_count, failed_count, opt_out_at, other_at, pending)
     ON CONFLICT (student_id, staff_id) DO UPDATE SET last_message_id = EXCLUDED.last_message_id, last_direction = EXCLUDED.last_direction,
       last_status = EXCLUDED.last_status, last_at = EXCLUDED.last_at, preview = EXCLUDED.preview, last_position = EXCLUDED.last_position,
       inbound_count = EXCLUDED.inbound_count, failed_count = EXCLUDED.failed_count, opt_out_at = EXCLUDED.opt_out_at, other_at = EXCLUDED.other_at,
       pending_ids = EXCLUDED.pending_ids`,
    [col('studentId'), col('staffId'), col('districtId'), col('lastMessageId'), col('lastDirection'), col('lastStatus'), col('lastAt'), col('preview'), col('lastPosition'),
      col('inboundCount'), col('failedCount'), col('optOutAt'), col('otherAt'), rows.map((r) => JSON.stringify(r.pendingIds))],
  );
}

async function writeSeen(tx: SqlTx, rows: readonly InboxSeenRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO inbox_seen (user_id, student_id, staff_id, inbound_count, failed_count)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[])
     ON CONFLICT (user_id, student_id, staff_id) DO UPDATE SET inbound_count = EXCLUDED.inbound_count, failed_count = EXCLUDED.failed_count`,
    [rows.map((r) => r.userId), rows.map((r) => r.studentId), rows.map((r) => r.staffId), rows.map((r) => r.inboundCount), rows.map((r) => r.failedCount)],
  );
}
