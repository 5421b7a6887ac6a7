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
  const m = /^(\d{1,20})-(\d{1,6})$/.exec(raw.trim());
  if (!m)
    throw new DomainError(
      'INVALID_LAST_EVENT_ID',
      'Last-Event-ID must be the id of an event this stream sent, e.g. "4194305-0".',
      'invalid',
    );
  return { position: BigInt(m[1]!), seq: Number(m[2]) };
}

/** The end of the change lines now: a stream opened without Last-Event-ID starts here. */
export async function changesEnd(db: DataSource): Promise<ChangeCursor> {
  const [row] = await db.query<{ position: string; seq: number }[]>(
    'SELECT position::text AS position, seq FROM inbox_changes ORDER BY position DESC, seq DESC LIMIT 1',
  );
  return row ? { position: BigInt(row.position), seq: row.seq } : { position: -1n, seq: 0 };
}

/**
 * Where a stream starts: right after Last-Event-ID, or (none) at the end now. A Last-Event-ID whose line is no longer
 * kept (pruneChanges: older than the retention) cannot be resumed without a gap: the stream starts at the end now and
 * says `reset`, so the client reloads its list instead of missing what changed meanwhile. (Every id this service
 * sends is a line that existed, so a kept line at or before it means nothing after it was pruned.)
 */
export async function resumeFrom(
  db: DataSource,
  lastEventId: ChangeCursor | null,
): Promise<{ start: ChangeCursor; reset: boolean }> {
  if (lastEventId === null || lastEventId.position < 0n)
    return { start: lastEventId ?? (await changesEnd(db)), reset: false };
  const [oldest] = await db.query<{ position: string; seq: number }[]>(
    'SELECT position::text AS position, seq FROM inbox_changes ORDER BY position, seq LIMIT 1',
  );
  const kept =
    oldest !== undefined &&
    (BigInt(oldest.position) < lastEventId.position ||
      (BigInt(oldest.position) === lastEventId.position && oldest.seq <= lastEventId.seq));
  return kept ? { start: lastEventId, reset: false } : { start: await changesEnd(db), reset: true };
}

/**
 * Forgets the change lines recorded before `before` (the live stream's retention; the inbox itself is unaffected).
 * Cut by log position, the order streams read in, so the lines kept are always a suffix with no holes. Idempotent:
 * replicas may prune at the same time.
 */
export async function pruneChanges(db: DataSource, before: Date): Promise<number> {
  const [, deleted] = await db.query<[unknown, number]>(
    `DELETE FROM inbox_changes
      WHERE position <= (SELECT max(position) FROM inbox_changes WHERE at < $1::timestamptz)`,
    [before.toISOString()],
  );
  return deleted;
}

/**
 * The change lines after `after` that the actor may read now (the inbox's own scope, evaluated at delivery: an ended
 * enrollment stops the stream for that student), and how far it looked. The projection writes lines in log order and
 * commits them in order, so a line never appears behind one already passed: reading by (position, seq) has no gaps.
 */
export async function readChanges(
  db: DataSource,
  actor: Actor,
  after: ChangeCursor,
): Promise<{ events: InboxChangeView[]; scannedTo: ChangeCursor; full: boolean }> {
  const rows = await db.query<Row[]>(
    `SELECT i.position::text AS position, i.seq, i.student_id, i.staff_id, i.kind, i.message_id, i.status, i.flag, i.at,
            (${inboxScope(actor)}) AND (i.user_id IS NULL OR i.user_id = $1) AS visible
       FROM (SELECT * FROM inbox_changes WHERE (position, seq) > ($3::bigint, $4::int) ORDER BY position, seq LIMIT ${SCAN}) i
      ORDER BY i.position, i.seq`,
    [actor.id, actor.districtId, after.position.toString(), after.seq],
  );
  const last = rows[rows.length - 1];
  return {
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
