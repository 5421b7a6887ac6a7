import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { InboundSmsUnmatched } from '../../domain/inbound/unmatched-inbound';
import type { StudentEvent } from '../../domain/student/student.events';
import type { Projection, SqlTx } from '../runner/projection';
import { applyDeliveryEvent } from './thread-delivery.sql';
import { applyRoutingEvent } from './thread-routing.sql';
import { applyThreadsBatch } from './threads-bulk';

/** From this many events a batch is written set-based (threads-bulk.ts); a live batch of a few, one event at a time. */
export const THREADS_SET_BASED_FROM = 4;

/** Forward-only status in SQL, the same ranks as the domain's STATUS_RANK (scheduled and retrying are queued). */
const RANK = (col: string) => `CASE ${col} WHEN 'queued' THEN 0 WHEN 'scheduled' THEN 0 WHEN 'retrying' THEN 0 WHEN 'sent' THEN 1 ELSE 2 END`;

const TOUCH_THREAD = `
  INSERT INTO threads (student_id, staff_id, district_id, message_count, last_message_at, last_direction) VALUES ($1,$2,$3,1,$4,$5)
  ON CONFLICT (student_id, staff_id) DO UPDATE SET message_count = threads.message_count + 1,
    last_message_at = GREATEST(threads.last_message_at, EXCLUDED.last_message_at), last_direction = EXCLUDED.last_direction`;

/** Threads per student and staff member, messages in order with direction, status and failure reason. */
export class ThreadsProjection implements Projection {
  readonly name = 'threads';
  readonly tables = ['thread_messages', 'threads', 'unrouted_inbound'] as const;

  async apply(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length >= THREADS_SET_BASED_FROM) return applyThreadsBatch(tx, events);
    for (const event of events) await this.one(tx, event);
  }

  private async one(tx: SqlTx, event: RecordedEvent): Promise<void> {
    const at = event.metadata.occurredAt;
    const district = event.metadata.actor.districtId;
    const position = event.position.toString();
    const e = { type: event.type, data: event.data } as StudentEvent | InboundSmsUnmatched;
    switch (e.type) {
      case 'SmsQueued': {
        const d = e.data;
        await tx.query(
          `INSERT INTO thread_messages (message_id, student_id, staff_id, district_id, enrollment_id, direction, channel, body, status, created_at, status_at, position, scheduled_for)
           VALUES ($1,$2,$3,$4,$5,'outbound','sms',$6,$9,$7,$7,$8,$10) ON CONFLICT (message_id) DO NOTHING`,
          [d.messageId, d.studentId, d.staffId, district, d.enrollmentId, d.body, at, position, d.scheduledFor ? 'scheduled' : 'queued', d.scheduledFor],
        );
        await tx.query(TOUCH_THREAD, [d.studentId, d.staffId, district, at, 'outbound']);
        return applyRoutingEvent(tx, event, at);
      }
      case 'SmsSent':
      case 'SmsDelivered':
      case 'SmsFailed': {
        const status = e.type === 'SmsSent' ? 'sent' : e.type === 'SmsDelivered' ? 'delivered' : 'failed';
        const reason = e.type === 'SmsFailed' ? e.data.reason : null;
        const code = e.type === 'SmsFailed' ? e.data.errorCode : null;
        const provider = e.type === 'SmsFailed' ? null : e.data.providerMessageId;
        return void (await tx.query(
          `UPDATE thread_messages SET status = $2, status_at = $3, failure_reason = $4, error_code = $5, provider_message_id = coalesce($6, provider_message_id)
            WHERE message_id = $1 AND ${RANK('status')} < ${RANK('$2::text')}`,
          [e.data.messageId, status, at, reason, code, provider],
        ));
      }
      case 'SmsReceived': {
        const d = e.data;
        await tx.query(
          `INSERT INTO thread_messages (message_id, student_id, staff_id, district_id, enrollment_id, direction, channel, body, status, provider_message_id, created_at, status_at, position)
           VALUES ($1,$2,$3,$4,NULL,'inbound',$5,$6,'received',$7,$8,$8,$9) ON CONFLICT (message_id) DO NOTHING`,
          [d.messageId, d.studentId, d.staffId, district, d.channel, d.body, d.providerMessageId, at, position],
        );
        await tx.query(TOUCH_THREAD, [d.studentId, d.staffId, district, at, 'inbound']);
        return applyRoutingEvent(tx, event, at);
      }
      case 'InboundSmsMoved':
        return applyRoutingEvent(tx, event, at);
      case 'InboundSmsUnrouted':
        return void (await tx.query(
          `INSERT INTO unrouted_inbound (message_id, student_id, district_id, from_number, body, reason, received_at, position)
           VALUES ($1,$2,$3,NULL,$4,$5,$6,$7) ON CONFLICT (message_id) DO NOTHING`,
          [e.data.messageId, e.data.studentId, district, e.data.body, e.data.reason, at, position],
        ));
      case 'InboundSmsUnmatched':
        return void (await tx.query(
          `INSERT INTO unrouted_inbound (message_id, student_id, district_id, from_number, body, reason, received_at, position)
           VALUES ($1,NULL,$2,$3,$4,$5,$6,$7) ON CONFLICT (message_id) DO NOTHING`,
          [e.data.messageId, e.data.districtId, e.data.from, e.data.body, e.data.reason, at, position],
        ));
      default:
        return void (await applyDeliveryEvent(tx, e as StudentEvent, at, district, position));
    }
  }
}
