import type { StudentEvent } from '../../domain/student/student.events';
import type { SqlTx } from '../runner/projection';

/** Statuses after which nothing about a text changes any more. */
const FINAL = `('delivered', 'failed', 'cancelled')`;

/**
 * Thread rows for sending through a real network: a cancelled text shows 'cancelled'; a text waiting to be tried
 * again shows 'retrying' with why (even after 'sent': an undelivered copy is being replaced); a student's text that
 * reads like a request to stop texting is flagged for the staff member reading the thread.
 */
export async function applyDeliveryEvent(tx: SqlTx, e: StudentEvent, at: string, district: string, position: string): Promise<void> {
  switch (e.type) {
    case 'SmsCancelled':
      await tx.query(
        `UPDATE thread_messages SET status = 'cancelled', status_at = $2, failure_reason = COALESCE($3, failure_reason), error_code = COALESCE($4, error_code)
          WHERE message_id = $1 AND status NOT IN ${FINAL}`,
        [e.data.messageId, at, e.data.explanation ?? null, e.data.reason ?? null],
      );
      return;
    case 'KeywordReplyQueued':
      // The service's answer shows in the thread the keyword arrived in (none: the log only), marked as automatic.
      if (!e.data.staffId) return;
      await tx.query(
        `INSERT INTO thread_messages (message_id, student_id, staff_id, district_id, enrollment_id, direction, channel, body, status, flag, created_at, status_at, position)
         VALUES ($1,$2,$3,$4,NULL,'outbound','sms',$5,'queued','automatic_reply',$6,$6,$7) ON CONFLICT (message_id) DO NOTHING`,
        [e.data.messageId, e.data.studentId, e.data.staffId, district, e.data.body, at, position],
      );
      return;
    case 'SmsRescheduled':
      await tx.query(`UPDATE thread_messages SET status = 'scheduled', status_at = $3, scheduled_for = $2 WHERE message_id = $1 AND status NOT IN ${FINAL}`, [e.data.messageId, e.data.scheduledFor, at]);
      return;
    case 'SmsRetryScheduled':
      await tx.query(
        `UPDATE thread_messages SET status = 'retrying', status_at = $2, failure_reason = $3, error_code = $4, scheduled_for = $5
          WHERE message_id = $1 AND status NOT IN ${FINAL}`,
        [e.data.messageId, at, e.data.reason, e.data.errorCode, e.data.retryAt],
      );
      return;
    case 'OptOutRequestFlagged':
      await tx.query(`UPDATE thread_messages SET flag = 'likely_opt_out_request' WHERE message_id = $1`, [e.data.messageId]);
      return;
    default:
      return;
  }
}
