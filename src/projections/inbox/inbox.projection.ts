import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { Projection, SqlTx } from '../runner/projection';
import { loadSets, tableWrite, writeTables, type TableSpec } from '../runner/row-writer';
import { foldInbox, itemKey, keysOf, type InboxChangeRow, type InboxItemRow, type InboxSeenRow } from './inbox.fold';

/** The NOTIFY channel the live stream (inbox-events.hub.ts) listens on; sent on commit, so never ahead of the rows. */
export const INBOX_CHANGES_CHANNEL = 'inbox_changes';

/** The tables' rows as PostgreSQL has them (column names as keys); the fold works on InboxItemRow & co. */
interface ItemRecord {
  student_id: string;
  staff_id: string;
  district_id: string;
  last_message_id: string;
  last_direction: 'outbound' | 'inbound';
  last_status: string;
  last_at: string;
  preview: string | null;
  last_position: string;
  inbound_count: number;
  failed_count: number;
  opt_out_at: number;
  other_at: number;
  pending_ids: string[];
}
interface SeenRecord {
  user_id: string;
  district_id: string;
  student_id: string;
  staff_id: string;
  inbound_count: number;
  failed_count: number;
}
interface ChangeRecord {
  position: string;
  seq: number;
  student_id: string;
  staff_id: string;
  district_id: string;
  user_id: string | null;
  kind: string;
  message_id: string | null;
  status: string | null;
  flag: string | null;
  at: string;
}

const ITEMS: TableSpec<ItemRecord> = {
  table: 'inbox_items',
  key: ['district_id', 'student_id', 'staff_id'],
  columns: {
    student_id: 'text',
    staff_id: 'text',
    district_id: 'text',
    last_message_id: 'text',
    last_direction: 'text',
    last_status: 'text',
    last_at: 'timestamptz',
    preview: 'text',
    last_position: 'bigint',
    inbound_count: 'int',
    failed_count: 'int',
    opt_out_at: 'int',
    other_at: 'int',
    pending_ids: 'text[]',
  },
};
const SEEN: TableSpec<SeenRecord> = {
  table: 'inbox_seen',
  key: ['user_id', 'district_id', 'student_id', 'staff_id'],
  columns: {
    user_id: 'text',
    district_id: 'text',
    student_id: 'text',
    staff_id: 'text',
    inbound_count: 'int',
    failed_count: 'int',
  },
};
const CHANGES: TableSpec<ChangeRecord> = {
  table: 'inbox_changes',
  key: ['position', 'seq'],
  columns: {
    position: 'bigint',
    seq: 'int',
    student_id: 'text',
    staff_id: 'text',
    district_id: 'text',
    user_id: 'text',
    kind: 'text',
    message_id: 'text',
    status: 'text',
    flag: 'text',
    at: 'timestamptz',
  },
};

/**
 * The staff inbox (GET /v1/me/inbox, GET /v1/me/events): ONE set-based writer around the pure fold (inbox.fold.ts).
 * Per batch: the items of every student the events name and the seen rows they name, read in one round trip; the
 * fold; the changed rows of both tables and the new change lines written in one statement; a NOTIFY for the streams.
 */
export class InboxProjection implements Projection {
  readonly name = 'inbox';
  readonly tables = ['inbox_items', 'inbox_seen', 'inbox_changes'] as const;

  async apply(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
    const keys = keysOf(events);
    if (keys.students.length === 0 && keys.seen.length === 0) return;
    const loaded = await loadSets<{ items: ItemRecord[]; seen: SeenRecord[] }>(
      tx,
      `SELECT (SELECT json_agg(i) FROM (SELECT student_id, staff_id, district_id, last_message_id, last_direction, last_status, last_at, preview,
                                               last_position::text AS last_position, inbound_count, failed_count, opt_out_at, other_at, pending_ids
                                          FROM inbox_items
                                         WHERE (district_id, student_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))) i) AS items,
              (SELECT json_agg(s) FROM (SELECT s.user_id, s.district_id, s.student_id, s.staff_id, s.inbound_count, s.failed_count FROM inbox_seen s
                                          JOIN unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS k(user_id, district_id, student_id, staff_id)
                                         USING (user_id, district_id, student_id, staff_id)) s) AS seen`,
      [
        keys.students.map((k) => k.districtId),
        keys.students.map((k) => k.studentId),
        keys.seen.map((k) => k.userId),
        keys.seen.map((k) => k.districtId),
        keys.seen.map((k) => k.studentId),
        keys.seen.map((k) => k.staffId),
      ],
    );
    const folded = foldInbox({ items: loaded.items.map(toItem), seen: loaded.seen.map(toSeen) }, events);
    // Fresh (a rebuild COPYs them): items and seen rows not loaded, and every change line (keyed by this batch's events).
    const items = new Set(loaded.items.map((r) => itemKey(r.district_id, r.student_id, r.staff_id)));
    const seen = new Set(loaded.seen.map(seenKeyOf));
    await writeTables(tx, [
      tableWrite(ITEMS, {
        upserts: folded.items.map(itemRecord),
        fresh: (r) => !items.has(itemKey(r.district_id, r.student_id, r.staff_id)),
      }),
      tableWrite(SEEN, { upserts: folded.seen.map(seenRecord), fresh: (r) => !seen.has(seenKeyOf(r)) }),
      tableWrite(CHANGES, { upserts: folded.changes.map(changeRecord), insertOnly: true, fresh: () => true }),
    ]);
    const last = folded.changes[folded.changes.length - 1];
    if (last) await tx.query(`SELECT pg_notify('${INBOX_CHANGES_CHANNEL}', $1)`, [last.position]);
  }
}

const seenKeyOf = (r: SeenRecord): string => `${r.user_id}\u0000${itemKey(r.district_id, r.student_id, r.staff_id)}`;

const toItem = (r: ItemRecord): InboxItemRow => ({
  studentId: r.student_id,
  staffId: r.staff_id,
  districtId: r.district_id,
  lastMessageId: r.last_message_id,
  lastDirection: r.last_direction,
  lastStatus: r.last_status,
  lastAt: r.last_at,
  preview: r.preview,
  lastPosition: r.last_position,
  inboundCount: r.inbound_count,
  failedCount: r.failed_count,
  optOutAt: r.opt_out_at,
  otherAt: r.other_at,
  pendingIds: r.pending_ids,
});

const itemRecord = (r: InboxItemRow): ItemRecord => ({
  student_id: r.studentId,
  staff_id: r.staffId,
  district_id: r.districtId,
  last_message_id: r.lastMessageId,
  last_direction: r.lastDirection,
  last_status: r.lastStatus,
  last_at: r.lastAt,
  preview: r.preview,
  last_position: r.lastPosition,
  inbound_count: r.inboundCount,
  failed_count: r.failedCount,
  opt_out_at: r.optOutAt,
  other_at: r.otherAt,
  pending_ids: r.pendingIds,
});

const toSeen = (r: SeenRecord): InboxSeenRow => ({
  userId: r.user_id,
  districtId: r.district_id,
  studentId: r.student_id,
  staffId: r.staff_id,
  inboundCount: r.inbound_count,
  failedCount: r.failed_count,
});
const seenRecord = (r: InboxSeenRow): SeenRecord => ({
  user_id: r.userId,
  district_id: r.districtId,
  student_id: r.studentId,
  staff_id: r.staffId,
  inbound_count: r.inboundCount,
  failed_count: r.failedCount,
});

const changeRecord = (c: InboxChangeRow): ChangeRecord => ({
  position: c.position,
  seq: c.seq,
  student_id: c.studentId,
  staff_id: c.staffId,
  district_id: c.districtId,
  user_id: c.userId,
  kind: c.kind,
  message_id: c.messageId,
  status: c.status,
  flag: c.flag,
  at: c.at,
});
