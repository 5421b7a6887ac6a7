import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { InboundSmsUnmatched } from '../../domain/inbound/unmatched-inbound';
import type { StudentEvent } from '../../domain/student/student.events';
import type { SqlTx } from '../runner/projection';
import { staffNameOf } from './thread-routing.sql';

/** Values as node-postgres binds them (undefined is NULL; numbers and the like become their text). */
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The same ranks as RANK in threads.projection.ts (and the domain's STATUS_RANK). */
const rank = (status: string | null): number =>
  status === 'queued' || status === 'scheduled' || status === 'retrying' ? 0 : status === 'sent' ? 1 : 2;
const FINAL = new Set(['delivered', 'failed', 'cancelled']);

/** A thread_messages row as the batch sees it: timestamps are kept as text PostgreSQL parses, never compared here. */
interface MessageRow {
  message_id: string;
  student_id: string | null;
  staff_id: string | null;
  district_id: string | null;
  enrollment_id: string | null;
  direction: string;
  channel: string | null;
  body: string | null;
  status: string;
  failure_reason: string | null;
  error_code: string | null;
  provider_message_id: string | null;
  scheduled_for: string | null;
  flag: string | null;
  received_on: string | null;
  may_be_for_another_staff_member: boolean;
  moved_from_staff_id: string | null;
  created_at: string | null;
  status_at: string | null;
  position: string;
}

interface Touch { studentId: string | null; staffId: string | null; districtId: string | null; at: string | null; direction: string }

/** A thread's count lowered by a reply moved out of it; a thread's staff name from one of their texts (thread-routing.sql.ts). */
interface ThreadKey { studentId: string | null; staffId: string | null }
interface StaffName extends ThreadKey { name: string }

interface Unrouted { messageId: string; studentId: string | null; districtId: string | null; from: string | null; body: string | null; reason: string | null; at: string | null; position: string }

/**
 * Applies a batch of events exactly as ThreadsProjection's per-event statements would, one after the other, in a few
 * set-based statements. Each message row is touched only by events naming its id, so the batch loads the rows it
 * names, folds every event into them in log order (the same conditions as the SQL: insert if absent, forward-only
 * status, nothing after a final status), and writes the new and the changed rows back. Threads are counters and
 * maxima (count, GREATEST of the times, the last direction): aggregated per thread in SQL, timestamps compared there.
 * Unrouted texts: the first insert of an id wins, as ON CONFLICT DO NOTHING does one at a time.
 */
export async function applyThreadsBatch(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
  const ids = new Set<string>();
  for (const event of events) {
    const id = messageIdOf(event);
    if (id !== null) ids.add(id);
  }
  const rows = new Map<string, MessageRow>();
  if (ids.size > 0) {
    const loaded = await tx.query<MessageRow>(
      `SELECT message_id, student_id, staff_id, district_id, enrollment_id, direction, channel, body, status, failure_reason, error_code,
              provider_message_id, scheduled_for::text AS scheduled_for, flag, received_on, may_be_for_another_staff_member, moved_from_staff_id, created_at::text AS created_at, status_at::text AS status_at, position::text AS position
         FROM thread_messages WHERE message_id = ANY($1::text[])`,
      [[...ids]],
    );
    for (const row of loaded) rows.set(row.message_id, row);
  }
  const existing = new Set(rows.keys());
  const changed = new Set<string>();
  const touches: Touch[] = [];
  const movedOut: ThreadKey[] = [];
  const names: StaffName[] = [];
  const unrouted = new Map<string, Unrouted>();

  for (const event of events) {
    const at = text(event.metadata.occurredAt);
    const district = text(event.metadata.actor.districtId);
    const position = event.position.toString();
    const e = { type: event.type, data: event.data } as StudentEvent | InboundSmsUnmatched;
    switch (e.type) {
      case 'SmsQueued': {
        const d = e.data;
        const id = text(d.messageId)!;
        if (!rows.has(id)) {
          rows.set(id, {
            message_id: id, student_id: text(d.studentId), staff_id: text(d.staffId), district_id: district, enrollment_id: text(d.enrollmentId),
            direction: 'outbound', channel: 'sms', body: text(d.body), status: d.scheduledFor ? 'scheduled' : 'queued', failure_reason: null, error_code: null,
            provider_message_id: null, scheduled_for: text(d.scheduledFor), flag: null, received_on: null, may_be_for_another_staff_member: false, moved_from_staff_id: null,
            created_at: at, status_at: at, position,
          });
        }
        touches.push({ studentId: text(d.studentId), staffId: text(d.staffId), districtId: district, at, direction: 'outbound' });
        const name = staffNameOf(event);
        if (name !== null) names.push({ studentId: text(d.studentId), staffId: text(d.staffId), name });
        break;
      }
      case 'SmsSent':
      case 'SmsDelivered':
      case 'SmsFailed': {
        const row = rows.get(text(e.data.messageId)!);
        const status = e.type === 'SmsSent' ? 'sent' : e.type === 'SmsDelivered' ? 'delivered' : 'failed';
        if (!row || rank(row.status) >= rank(status)) break;
        row.status = status;
        row.status_at = at;
        row.failure_reason = e.type === 'SmsFailed' ? text(e.data.reason) : null;
        row.error_code = e.type === 'SmsFailed' ? text(e.data.errorCode) : null;
        row.provider_message_id = (e.type === 'SmsFailed' ? null : text(e.data.providerMessageId)) ?? row.provider_message_id;
        changed.add(row.message_id);
        break;
      }
      case 'SmsReceived': {
        const d = e.data;
        const id = text(d.messageId)!;
        if (!rows.has(id)) {
          rows.set(id, {
            message_id: id, student_id: text(d.studentId), staff_id: text(d.staffId), district_id: district, enrollment_id: null,
            direction: 'inbound', channel: text(d.channel), body: text(d.body), status: 'received', failure_reason: null, error_code: null,
            provider_message_id: text(d.providerMessageId), scheduled_for: null, flag: null, received_on: text(d.receivedOn),
            may_be_for_another_staff_member: d.mayBeForAnotherStaffMember === true, moved_from_staff_id: null, created_at: at, status_at: at, position,
          });
        }
        touches.push({ studentId: text(d.studentId), staffId: text(d.staffId), districtId: district, at, direction: 'inbound' });
        break;
      }
      case 'InboundSmsMoved': {
        const row = rows.get(text(e.data.messageId)!);
        const to = text(e.data.toStaffId);
        if (!row || row.direction !== 'inbound' || row.staff_id === to) break;
        movedOut.push({ studentId: row.student_id, staffId: row.staff_id });
        touches.push({ studentId: row.student_id, staffId: to, districtId: row.district_id, at, direction: 'inbound' });
        Object.assign(row, { moved_from_staff_id: row.staff_id, staff_id: to, may_be_for_another_staff_member: false });
        changed.add(row.message_id);
        break;
      }
      case 'InboundSmsUnrouted': {
        const id = text(e.data.messageId)!;
        if (!unrouted.has(id)) unrouted.set(id, { messageId: id, studentId: text(e.data.studentId), districtId: district, from: null, body: text(e.data.body), reason: text(e.data.reason), at, position });
        break;
      }
      case 'InboundSmsUnmatched': {
        const id = text(e.data.messageId)!;
        if (!unrouted.has(id)) unrouted.set(id, { messageId: id, studentId: null, districtId: text(e.data.districtId), from: text(e.data.from), body: text(e.data.body), reason: text(e.data.reason), at, position });
        break;
      }
      case 'SmsCancelled': {
        const row = rows.get(text(e.data.messageId)!);
        if (!row || FINAL.has(row.status)) break;
        row.status = 'cancelled';
        row.status_at = at;
        // The send-time check's sentence and code ("Not sent: ..."): shown where the red bar would be.
        row.failure_reason = text(e.data.explanation) ?? row.failure_reason;
        row.error_code = text(e.data.reason) ?? row.error_code;
        changed.add(row.message_id);
        break;
      }
      case 'KeywordReplyQueued': {
        const d = e.data;
        const id = text(d.messageId)!;
        if (!d.staffId || rows.has(id)) break;
        rows.set(id, {
          message_id: id, student_id: text(d.studentId), staff_id: text(d.staffId), district_id: district, enrollment_id: null,
          direction: 'outbound', channel: 'sms', body: text(d.body), status: 'queued', failure_reason: null, error_code: null,
          provider_message_id: null, scheduled_for: null, flag: 'automatic_reply', created_at: at, status_at: at, position,
          received_on: null, may_be_for_another_staff_member: false, moved_from_staff_id: null,
        });
        break;
      }
      case 'SmsRescheduled': {
        const row = rows.get(text(e.data.messageId)!);
        if (!row || FINAL.has(row.status)) break;
        row.status = 'scheduled';
        row.status_at = at;
        row.scheduled_for = text(e.data.scheduledFor);
        changed.add(row.message_id);
        break;
      }
      case 'SmsRetryScheduled': {
        const row = rows.get(text(e.data.messageId)!);
        if (!row || FINAL.has(row.status)) break;
        row.status = 'retrying';
        row.status_at = at;
        row.failure_reason = text(e.data.reason);
        row.error_code = text(e.data.errorCode);
        row.scheduled_for = text(e.data.retryAt);
        changed.add(row.message_id);
        break;
      }
      case 'OptOutRequestFlagged': {
        const row = rows.get(text(e.data.messageId)!);
        if (!row) break;
        row.flag = 'likely_opt_out_request';
        changed.add(row.message_id);
        break;
      }
      default:
        break;
    }
  }

  const inserts = [...rows.values()].filter((r) => !existing.has(r.message_id));
  if (inserts.length > 0) {
    const col = <K extends keyof MessageRow>(k: K) => inserts.map((r) => r[k]);
    await tx.query(
      `INSERT INTO thread_messages (message_id, student_id, staff_id, district_id, enrollment_id, direction, channel, body, status, failure_reason, error_code,
                                    provider_message_id, scheduled_for, flag, created_at, status_at, position, received_on, may_be_for_another_staff_member, moved_from_staff_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                            $12::text[], $13::timestamptz[], $14::text[], $15::timestamptz[], $16::timestamptz[], $17::bigint[], $18::text[], $19::boolean[], $20::text[])
       ON CONFLICT (message_id) DO NOTHING`,
      [col('message_id'), col('student_id'), col('staff_id'), col('district_id'), col('enrollment_id'), col('direction'), col('channel'), col('body'), col('status'),
        col('failure_reason'), col('error_code'), col('provider_message_id'), col('scheduled_for'), col('flag'), col('created_at'), col('status_at'), col('position'),
        col('received_on'), col('may_be_for_another_staff_member'), col('moved_from_staff_id')],
    );
  }
  const updates = [...changed].filter((id) => existing.has(id)).map((id) => rows.get(id)!);
  if (updates.length > 0) {
    const col = <K extends keyof MessageRow>(k: K) => updates.map((r) => r[k]);
    await tx.query(
      `UPDATE thread_messages m SET status = u.status, status_at = u.status_at, failure_reason = u.failure_reason, error_code = u.error_code,
              provider_message_id = u.provider_message_id, scheduled_for = u.scheduled_for, flag = u.flag,
              staff_id = u.staff_id, moved_from_staff_id = u.moved_from_staff_id, may_be_for_another_staff_member = u.may_be
         FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::text[], $11::boolean[])
              AS u(message_id, status, status_at, failure_reason, error_code, provider_message_id, scheduled_for, flag, staff_id, moved_from_staff_id, may_be)
        WHERE m.message_id = u.message_id`,
      [col('message_id'), col('status'), col('status_at'), col('failure_reason'), col('error_code'), col('provider_message_id'), col('scheduled_for'), col('flag'),
        col('staff_id'), col('moved_from_staff_id'), col('may_be_for_another_staff_member')],
    );
  }
  if (touches.length > 0) {
    const col = <K extends keyof Touch>(k: K) => touches.map((t) => t[k]);
    // Sequentially: the first touch inserts (its district, count 1), each later one adds 1, keeps the greater time
    // and sets the direction: per thread, the count, the maximum time and the last direction of the batch.
    await tx.query(
      `INSERT INTO threads (student_id, staff_id, district_id, message_count, last_message_at, last_direction)
       SELECT student_id, staff_id, (array_agg(district_id ORDER BY k))[1], count(*), max(at), (array_agg(direction ORDER BY k DESC))[1]
         FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[]) WITH ORDINALITY AS u(student_id, staff_id, district_id, at, direction, k)
        GROUP BY student_id, staff_id
       ON CONFLICT (student_id, staff_id) DO UPDATE SET message_count = threads.message_count + EXCLUDED.message_count,
         last_message_at = GREATEST(threads.last_message_at, EXCLUDED.last_message_at), last_direction = EXCLUDED.last_direction`,
      [col('studentId'), col('staffId'), col('districtId'), col('at'), col('direction')],
    );
  }
  await applyRoutingBatch(tx, movedOut, names);
  if (unrouted.size > 0) {
    const all = [...unrouted.values()];
    const col = <K extends keyof Unrouted>(k: K) => all.map((u) => u[k]);
    await tx.query(
      `INSERT INTO unrouted_inbound (message_id, student_id, district_id, from_number, body, reason, received_at, position)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::bigint[])
       ON CONFLICT (message_id) DO NOTHING`,
      [col('messageId'), col('studentId'), col('districtId'), col('from'), col('body'), col('reason'), col('at'), col('position')],
    );
  }
}

/** The thread message an event inserts or changes, if any. */
function messageIdOf(event: RecordedEvent): string | null {
  switch (event.type) {
    case 'SmsQueued':
    case 'SmsSent':
    case 'SmsDelivered':
    case 'SmsFailed':
    case 'SmsReceived':
    case 'SmsCancelled':
    case 'SmsRescheduled':
    case 'KeywordReplyQueued':
    case 'SmsRetryScheduled':
    case 'OptOutRequestFlagged':
    case 'InboundSmsMoved':
      return text((event.data as { messageId?: unknown }).messageId);
    default:
      return null;
  }
}

/** After the batch's thread touches (every thread named exists then): counts lowered by moves out, the latest staff names. */
async function applyRoutingBatch(tx: SqlTx, movedOut: readonly ThreadKey[], names: readonly StaffName[]): Promise<void> {
  if (movedOut.length > 0) {
    await tx.query(
      `UPDATE threads t SET message_count = t.message_count - d.n
         FROM (SELECT student_id, staff_id, count(*) AS n FROM unnest($1::text[], $2::text[]) AS u(student_id, staff_id) GROUP BY student_id, staff_id) d
        WHERE t.student_id = d.student_id AND t.staff_id = d.staff_id`,
      [movedOut.map((m) => m.studentId), movedOut.map((m) => m.staffId)],
    );
  }
  if (names.length > 0) {
    await tx.query(
      `UPDATE threads t SET staff_name = d.name
         FROM (SELECT DISTINCT ON (student_id, staff_id) student_id, staff_id, name
                 FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(student_id, staff_id, name, k) ORDER BY student_id, staff_id, k DESC) d
        WHERE t.student_id = d.student_id AND t.staff_id = d.staff_id`,
      [names.map((n) => n.studentId), names.map((n) => n.staffId), names.map((n) => n.name)],
    );
  }
}
