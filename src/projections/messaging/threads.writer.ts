import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { SqlTx } from '../runner/projection';
import { loadSets, tableWrite, text, writeTables } from '../runner/row-writer';
import { foldThreads } from './threads.fold';
import {
  MESSAGES,
  SELECT_MESSAGE,
  SELECT_THREAD,
  THREADS,
  threadKey,
  UNROUTED,
  type MessageRow,
  type ThreadRow,
} from './threads.rows';

/** Events that insert or change a thread message, by its id. */
const MESSAGE_EVENTS = new Set([
  'SmsQueued',
  'SmsSent',
  'SmsDelivered',
  'SmsFailed',
  'SmsReceived',
  'SmsCancelled',
  'SmsRescheduled',
  'KeywordReplyQueued',
  'SmsRetryScheduled',
  'OptOutRequestFlagged',
  'InboundSmsMoved',
]);

type Data = { messageId?: unknown; studentId?: unknown; staffId?: unknown; toStaffId?: unknown };

/**
 * The threads' set-based writer: loads the messages the batch's events name and every thread they touch, folds the
 * events into them (threads.fold.ts) and writes what changed in one statement.
 */
export async function writeThreads(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
  const ids = new Set<string>();
  for (const event of events) {
    const id = MESSAGE_EVENTS.has(event.type) ? text((event.data as Data).messageId) : null;
    if (id !== null) ids.add(id);
  }
  // Without a moved reply the threads are known from the events: messages and threads are read in one round trip.
  const moves = events.some((e) => e.type === 'InboundSmsMoved');
  const direct = moves ? [] : [...threadsOf(events).values()];
  const loaded =
    ids.size === 0 && direct.length === 0
      ? { messages: [], threads: [] }
      : await loadSets<{ messages: MessageRow[]; threads: ThreadRow[] }>(
          tx,
          `SELECT (SELECT json_agg(m) FROM (SELECT ${SELECT_MESSAGE} FROM thread_messages WHERE message_id = ANY($1::text[])) m) AS messages,
            (SELECT json_agg(t) FROM (SELECT ${SELECT_THREAD} FROM threads
              WHERE (district_id, student_id, staff_id) IN (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]))) t) AS threads`,
          [[...ids], direct.map((k) => k[0]), direct.map((k) => k[1]), direct.map((k) => k[2])],
        );
  const messages = new Map(loaded.messages.map((r) => [r.message_id, r]));
  const threads = moves ? await movedThreads(tx, events, messages) : loaded.threads;
  const byKey = new Map(threads.map((t) => [threadKey(t.district_id, t.student_id, t.staff_id), t]));
  const changes = foldThreads({ messages, threads: byKey }, events);
  await writeTables(tx, [
    tableWrite(MESSAGES, { upserts: changes.messages, loaded: (m) => messages.has(m.message_id) }),
    tableWrite(THREADS, {
      upserts: changes.threads,
      loaded: (t) => byKey.has(threadKey(t.district_id, t.student_id, t.staff_id)),
    }),
    tableWrite(UNROUTED, { upserts: changes.unrouted, insertOnly: true }),
  ]);
}

type Key = [string | null, string | null, string | null];

/** The threads the events' texts and replies are in (district as the fold takes it: the one the event acts for). */
function threadsOf(events: readonly RecordedEvent[]): Map<string, Key> {
  const keys = new Map<string, Key>();
  for (const event of events) {
    const d = event.data as Data;
    const district = text(event.metadata.actor.districtId);
    if (event.type === 'SmsQueued' || event.type === 'SmsReceived')
      keys.set(threadKey(district, text(d.studentId), text(d.staffId)), [district, text(d.studentId), text(d.staffId)]);
  }
  return keys;
}

/**
 * With moved replies, the threads are also every (student, staff member) a moved reply can be in during the batch:
 * as loaded, as inserted by the batch, and each move's target.
 */
async function movedThreads(
  tx: SqlTx,
  events: readonly RecordedEvent[],
  messages: ReadonlyMap<string, MessageRow>,
): Promise<ThreadRow[]> {
  const keys = threadsOf(events);
  const add = (student: string, staffId: string | null) => {
    const [districtId, studentId] = JSON.parse(student) as [string | null, string | null];
    keys.set(threadKey(districtId, studentId, staffId), [districtId, studentId, staffId]);
  };
  // Students as JSON [district, id] (ids are scoped by district).
  const moved = new Map<string, { students: Set<string>; staff: Set<string | null> }>();
  const candidates = (id: string) => {
    let c = moved.get(id);
    if (!c) {
      const row = messages.get(id);
      moved.set(
        id,
        (c = {
          students: new Set(row ? [JSON.stringify([row.district_id, row.student_id])] : []),
          staff: new Set(row ? [row.staff_id] : []),
        }),
      );
    }
    return c;
  };
  for (const event of events) {
    const d = event.data as Data;
    if (event.type === 'InboundSmsMoved') candidates(text(d.messageId)!).staff.add(text(d.toStaffId));
  }
  for (const event of events) {
    const d = event.data as Data;
    const c = event.type === 'SmsReceived' || event.type === 'SmsQueued' ? moved.get(text(d.messageId)!) : undefined;
    if (c) {
      c.students.add(JSON.stringify([text(event.metadata.actor.districtId), text(d.studentId)]));
      c.staff.add(text(d.staffId));
    }
  }
  for (const c of moved.values()) for (const s of c.students) for (const t of c.staff) add(s, t);
  const all = [...keys.values()];
  return all.length === 0
    ? []
    : tx.query<ThreadRow>(
        `SELECT ${SELECT_THREAD} FROM threads
          WHERE (district_id, student_id, staff_id) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
        [all.map((k) => k[0]), all.map((k) => k[1]), all.map((k) => k[2])],
      );
}
