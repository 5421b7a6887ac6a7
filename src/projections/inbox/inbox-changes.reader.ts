import type { DataSource } from 'typeorm';
import type { Actor } from '../../domain/shared/actor';
import { DomainError } from '../../domain/shared/domain-error';
import { inboxScope } from './inbox.access';
import { UNROUTED, type InboxChangeKind } from './inbox.fold';

/** Where a live stream stands: the last change line it passed, in log order. */
export interface ChangeCursor {
  position: bigint;
  seq: number;
}

/** One live event: what changed in an inbox item, never the text itself (read the thread for that: a recorded read). */
export interface InboxChangeView {
  /** The SSE id: `<log position>-<n>`, resumable with Last-Event-ID across reconnects and restarts. */
  id: string;
  kind: InboxChangeKind;
  studentId: string;
  staffId: string | null;
  messageId: string | null;
  status: string | null;
  flag: string | null;
  at: string;
}

/** Lines looked at per read; the stream reads again at once while a read was full. */
export const SCAN = 500;

interface Row {
  position: string;
  seq: number;
  student_id: string;
  staff_id: string;
  kind: InboxChangeKind;
  message_id: string | null;
  status: string | null;
  flag: string | null;
  at: Date;
  visible: boolean;
}

export const cursorId = (c: ChangeCursor): string => `${c.position}-${c.seq}`;

/** Last-Event-ID as this service writes it; anything else is refused rather than guessed at (a wrong guess skips or repeats). */
export function parseLastEventId(raw: string | undefined): ChangeCursor | null {
  if (raw === undefined || raw.trim() === '') return null;
  // -1-0: the end of an empty table (changesEnd), sent as the ready event's id.
  const m = /^(-1|\d{1,20})-(\d{1,6})$/.exec(raw.trim());
  if (!m)
    throw new DomainError(
      'INVALID_LAST_EVENT_ID',
      'Last-Event-ID must be the id of an event this stream sent, e.g. "4194305-0".',
      'invalid',
    );
  return { position: BigInt(m[1]!), seq: Number(m[2]) };
}

/** A seq above any line's: `<pruned mark>-999999` is a cursor past every line pruned, before every line kept. */
const PAST_POSITION = 999_999;

/**
 * The end of the change lines now: a stream opened without Last-Event-ID starts here. With no line kept, it is the
 * pruned mark (past every line deleted, so reading on from it is not taken for a gap), or -1-0 if nothing was ever
 * written.
 */
export async function changesEnd(db: DataSource): Promise<ChangeCursor> {
  const [row] = await db.query<{ position: string; seq: number }[]>(
    `SELECT position::text AS position, seq FROM (
       (SELECT position, seq FROM inbox_changes ORDER BY position DESC, seq DESC LIMIT 1)
       UNION ALL
       SELECT through, ${PAST_POSITION} FROM inbox_changes_pruned WHERE id = 1
     ) e ORDER BY position DESC, seq DESC LIMIT 1`,
  );
  return row ? { position: BigInt(row.position), seq: row.seq } : { position: -1n, seq: 0 };
}

/** The highest log position pruned so far (null: nothing was ever pruned). */
async function prunedThrough(db: DataSource): Promise<bigint | null> {
  const [row] = await db.query<{ through: string }[]>(
    'SELECT through::text AS through FROM inbox_changes_pruned WHERE id = 1',
  );
  return row ? BigInt(row.through) : null;
}

/** A cursor before the pruned mark may have missed lines that are gone: the stream must say reset. */
const missedPruned = (cursor: ChangeCursor, through: bigint | null): boolean =>
  through !== null && (cursor.position < through || (cursor.position === through && cursor.seq < PAST_POSITION));

/**
 * Where a stream starts: right after Last-Event-ID, or (none) at the end now. A Last-Event-ID at or below the pruned
 * mark (pruneChanges: lines older than the retention) cannot be resumed without a possible gap: the stream starts at
 * the end now and says `reset`, so the client reloads its list instead of missing what changed meanwhile.
 */
export async function resumeFrom(
  db: DataSource,
  lastEventId: ChangeCursor | null,
): Promise<{ start: ChangeCursor; reset: boolean }> {
  if (lastEventId === null) return { start: await changesEnd(db), reset: false };
  if (!missedPruned(lastEventId, await prunedThrough(db))) return { start: lastEventId, reset: false };
  return { start: await changesEnd(db), reset: true };
}

/**
 * Forgets the change lines older than `before` (the live stream's retention; the inbox itself is unaffected): every
 * line below the first one recorded at or after `before`, so what is kept is a suffix of the log with no holes, and a
 * line with a skewed clock can only keep more, never delete a newer one. The highest position deleted is the pruned
 * mark, moved in the same statement. Replicas may prune at the same time.
 */
export async function pruneChanges(db: DataSource, before: Date): Promise<number> {
  const [row] = await db.query<{ deleted: number }[]>(
    `WITH cut AS (
       SELECT coalesce((SELECT min(position) FROM inbox_changes WHERE at >= $1::timestamptz),
                       (SELECT max(position) + 1 FROM inbox_changes)) AS below
     ), gone AS (
       DELETE FROM inbox_changes WHERE position < (SELECT below FROM cut) RETURNING position
     ), mark AS (
       INSERT INTO inbox_changes_pruned (id, through) SELECT 1, max(position) FROM gone HAVING count(*) > 0
       ON CONFLICT (id) DO UPDATE SET through = GREATEST(inbox_changes_pruned.through, EXCLUDED.through)
     )
     SELECT count(*)::int AS deleted FROM gone`,
    [before.toISOString()],
  );
  return row?.deleted ?? 0;
}

/**
 * The change lines after `after` that the actor may read now (or, when lines after it were pruned meanwhile, `reset`
 * and the end now) (the inbox's own scope, evaluated at delivery: an ended
 * enrollment stops the stream for that student), and how far it looked. The projection writes lines in log order and
 * commits them in order, so a line never appears behind one already passed: reading by (position, seq) has no gaps.
 */
export async function readChanges(
  db: DataSource,
  actor: Actor,
  after: ChangeCursor,
): Promise<{ events: InboxChangeView[]; scannedTo: ChangeCursor; full: boolean; reset: boolean }> {
  const rows = await db.query<Row[]>(
    `SELECT i.position::text AS position, i.seq, i.student_id, i.staff_id, i.kind, i.message_id, i.status, i.flag, i.at,
            (${inboxScope(actor)}) AND (i.user_id IS NULL OR i.user_id = $1) AS visible
       FROM (SELECT * FROM inbox_changes WHERE (position, seq) > ($3::bigint, $4::int) ORDER BY position, seq LIMIT ${SCAN}) i
      ORDER BY i.position, i.seq`,
    [actor.id, actor.districtId, after.position.toString(), after.seq],
  );
  // Read after the lines: a prune that deleted any line after `after` before they were read has moved the mark past
  // `after` by then (it deletes and marks in one statement), so the page is never silently short.
  if (missedPruned(after, await prunedThrough(db)))
    return { events: [], scannedTo: await changesEnd(db), full: false, reset: true };
  const last = rows[rows.length - 1];
  return {
    reset: false,
    events: rows
      .filter((r) => r.visible)
      .map((r) => ({
        id: `${r.position}-${r.seq}`,
        kind: r.kind,
        studentId: r.student_id,
        staffId: r.staff_id === UNROUTED ? null : r.staff_id,
        messageId: r.message_id,
        status: r.status,
        flag: r.flag,
        at: r.at.toISOString(),
      })),
    scannedTo: last ? { position: BigInt(last.position), seq: last.seq } : after,
    full: rows.length === SCAN,
  };
}
