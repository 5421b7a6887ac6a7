import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { InboundSmsUnmatched } from '../../domain/inbound/unmatched-inbound';
import { deliveryStatusRank, FINAL_DELIVERY_STATUSES } from '../../domain/student/delivery-status';
import type { StudentEvent } from '../../domain/student/student.events';
import { microsOf } from '../runner/instants';
import { sameRow, text } from '../runner/row-writer';
import { threadKey, type MessageRow, type ThreadRow, type UnroutedRow } from './threads.rows';

/**
 * A thread row's status in the domain's delivery-status order (a late or repeated report of an earlier step changes
 * nothing). 'scheduled' and 'retrying' are what a queued text shows; a reply's 'received' is never moved.
 */
const rank = (status: string): number => deliveryStatusRank(status);
/** Statuses after which nothing about a text changes any more (a cancellation, a reschedule, a retry). */
const FINAL: ReadonlySet<string> = FINAL_DELIVERY_STATUSES;

/** The name a student sees for a staff member: their token's display name, else their initials (never the id). */
export const staffNameOf = (event: RecordedEvent): string | null =>
  event.metadata.actor.name ?? event.metadata.actor.initials ?? null;

/** The rows a threads batch reads, loaded by the keys its events name (threads.writer.ts). */
export interface ThreadsRows {
  messages: ReadonlyMap<string, MessageRow>;
  /** By threadKey: every thread a message of the batch is in, or is moved out of or into. */
  threads: ReadonlyMap<string, ThreadRow>;
}

export interface ThreadsChanges {
  messages: MessageRow[];
  threads: ThreadRow[];
  /** Insert-only: a text already kept under its id stays as it is. */
  unrouted: UnroutedRow[];
}

const message = (
  row: Partial<MessageRow> & Pick<MessageRow, 'message_id' | 'direction' | 'status' | 'position'>,
): MessageRow => ({
  student_id: null,
  staff_id: null,
  district_id: null,
  enrollment_id: null,
  channel: null,
  body: null,
  failure_reason: null,
  error_code: null,
  provider_message_id: null,
  scheduled_for: null,
  flag: null,
  received_on: null,
  may_be_for_another_staff_member: false,
  moved_from_staff_id: null,
  created_at: null,
  status_at: null,
  ...row,
});

/**
 * Threads per student and staff member, their messages with direction, status and failure reason, and the texts kept
 * but shown in nobody's thread, after `events` in log order, from `rows`: returns the rows that changed. Pure.
 * A message is inserted once (its first event), its status only moves forward and not after a final one. A thread
 * counts its messages, keeps the latest time (the greatest, not the last one written) and the last direction.
 */
export function foldThreads(rows: ThreadsRows, events: readonly RecordedEvent[]): ThreadsChanges {
  const messages = new Map([...rows.messages].map(([k, r]) => [k, { ...r }]));
  const threads = new Map([...rows.threads].map(([k, r]) => [k, { ...r }]));
  const unrouted = new Map<string, UnroutedRow>();
  const touch = (
    studentId: string | null,
    staffId: string | null,
    district: string | null,
    at: string | null,
    direction: string,
  ): ThreadRow => {
    const key = threadKey(district, studentId, staffId);
    const t = threads.get(key);
    if (!t) {
      const row = {
        student_id: studentId,
        staff_id: staffId,
        district_id: district,
        message_count: 1,
        last_message_at: at,
        last_direction: direction,
        staff_name: null,
      };
      threads.set(key, row);
      return row;
    }
    t.message_count += 1;
    if (at !== null && (t.last_message_at === null || microsOf(at) > microsOf(t.last_message_at)))
      t.last_message_at = at;
    t.last_direction = direction;
    return t;
  };

  for (const event of events) {
    const at = text(event.metadata.occurredAt);
    const district = text(event.metadata.actor.districtId);
    const position = event.position.toString();
    const e = { type: event.type, data: event.data } as StudentEvent | InboundSmsUnmatched;
    const row =
      'messageId' in (e.data as object) ? messages.get(text((e.data as { messageId: unknown }).messageId)!) : undefined;
    switch (e.type) {
      case 'SmsQueued': {
        const d = e.data;
        if (!row) {
          messages.set(
            d.messageId,
            message({
              message_id: d.messageId,
              student_id: d.studentId,
              staff_id: d.staffId,
              district_id: district,
              enrollment_id: text(d.enrollmentId),
              direction: 'outbound',
              channel: 'sms',
              body: d.body,
              status: d.scheduledFor ? 'scheduled' : 'queued',
              scheduled_for: text(d.scheduledFor),
              created_at: at,
              status_at: at,
              position,
            }),
          );
        }
        const thread = touch(d.studentId, d.staffId, district, at, 'outbound');
        const name = staffNameOf(event);
        if (name !== null) thread.staff_name = name;
        break;
      }
      case 'SmsSent':
      case 'SmsDelivered':
      case 'SmsFailed': {
        const status = e.type === 'SmsSent' ? 'sent' : e.type === 'SmsDelivered' ? 'delivered' : 'failed';
        if (!row || rank(row.status) >= rank(status)) break;
        row.status = status;
        row.status_at = at;
        row.failure_reason = e.type === 'SmsFailed' ? text(e.data.reason) : null;
        row.error_code = e.type === 'SmsFailed' ? text(e.data.errorCode) : null;
        row.provider_message_id =
          (e.type === 'SmsFailed' ? null : text(e.data.providerMessageId)) ?? row.provider_message_id;
        break;
      }
      case 'SmsReceived': {
        const d = e.data;
        if (!row) {
          // Which of our numbers it reached, and whether routing had to guess: only on the row this very event inserts.
          messages.set(
            d.messageId,
            message({
              message_id: d.messageId,
              student_id: d.studentId,
              staff_id: d.staffId,
              district_id: district,
              direction: 'inbound',
              channel: text(d.channel),
              body: d.body,
              status: 'received',
              provider_message_id: text(d.providerMessageId),
              received_on: text(d.receivedOn),
              may_be_for_another_staff_member: d.mayBeForAnotherStaffMember === true,
              created_at: at,
              status_at: at,
              position,
            }),
          );
        }
        touch(d.studentId, d.staffId, district, at, 'inbound');
        break;
      }
      case 'InboundSmsMoved': {
        // Out of the first thread (its count drops), into the second (counted, as its latest activity). A move of a
        // reply the table does not have, or to where it is, changes nothing.
        const to = text(e.data.toStaffId);
        if (!row || row.direction !== 'inbound' || to === null || row.staff_id === to) break;
        const from = threads.get(threadKey(row.district_id, row.student_id, row.staff_id));
        if (from) from.message_count -= 1;
        touch(row.student_id, to, row.district_id, at, 'inbound');
        Object.assign(row, { moved_from_staff_id: row.staff_id, staff_id: to, may_be_for_another_staff_member: false });
        break;
      }
      case 'InboundSmsUnrouted':
      case 'InboundSmsUnmatched': {
        const id = text(e.data.messageId)!;
        if (unrouted.has(id)) break;
        const unmatched = e.type === 'InboundSmsUnmatched';
        unrouted.set(id, {
          message_id: id,
          student_id: unmatched ? null : text(e.data.studentId),
          district_id: unmatched ? text(e.data.districtId) : district,
          from_number: unmatched ? text(e.data.from) : null,
          body: text(e.data.body),
          reason: text(e.data.reason),
          received_at: at,
          position,
        });
        break;
      }
      case 'SmsCancelled':
        if (!row || FINAL.has(row.status)) break;
        // The send-time check's sentence and code ("Not sent: ..."): shown where the red bar would be.
        Object.assign(row, {
          status: 'cancelled',
          status_at: at,
          failure_reason: text(e.data.explanation) ?? row.failure_reason,
          error_code: text(e.data.reason) ?? row.error_code,
        });
        break;
      case 'KeywordReplyQueued': {
        // The service's answer shows in the thread the keyword arrived in (none: the log only), marked as automatic.
        const d = e.data;
        if (!d.staffId || row) break;
        messages.set(
          d.messageId,
          message({
            message_id: d.messageId,
            student_id: d.studentId,
            staff_id: d.staffId,
            district_id: district,
            direction: 'outbound',
            channel: 'sms',
            body: d.body,
            status: 'queued',
            flag: 'automatic_reply',
            created_at: at,
            status_at: at,
            position,
          }),
        );
        break;
      }
      case 'SmsRescheduled':
        if (!row || FINAL.has(row.status)) break;
        Object.assign(row, { status: 'scheduled', status_at: at, scheduled_for: text(e.data.scheduledFor) });
        break;
      case 'SmsRetryScheduled':
        // Waiting to be tried again, with why (even after 'sent': an undelivered copy is being replaced).
        if (!row || FINAL.has(row.status)) break;
        Object.assign(row, {
          status: 'retrying',
          status_at: at,
          failure_reason: text(e.data.reason),
          error_code: text(e.data.errorCode),
          scheduled_for: text(e.data.retryAt),
        });
        break;
      case 'OptOutRequestFlagged':
        // A student's text that reads like a request to stop texting, flagged for the staff member reading the thread.
        if (row) row.flag = 'likely_opt_out_request';
        break;
      default:
        break;
    }
  }
  return {
    messages: [...messages.values()].filter(
      (r) => !rows.messages.has(r.message_id) || !sameRow(rows.messages.get(r.message_id)!, r),
    ),
    threads: [...threads]
      .filter(([k, r]) => !rows.threads.has(k) || !sameRow(rows.threads.get(k)!, r))
      .map(([, r]) => r),
    unrouted: [...unrouted.values()],
  };
}
