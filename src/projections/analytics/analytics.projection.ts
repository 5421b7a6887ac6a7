import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { StudentEvent } from '../../domain/student/student.events';
import type { Projection, SqlTx } from '../runner/projection';
import { applyAnalyticsBatch } from './analytics-bulk';
import { CALL_ENROLLMENT_ORDER, LAST_TEXT_ORDER } from './analytics.sql';

/** From this many events a batch is written set-based (analytics-bulk.ts); a live batch of a few, one event at a time. */
export const ANALYTICS_SET_BASED_FROM = 4;

/** Forward-only delivery status, the same ranks as the domain's STATUS_RANK. */
const RANK = (col: string) => `CASE ${col} WHEN 'queued' THEN 0 WHEN 'sent' THEN 1 ELSE 2 END`;

const INSERT_CONTACT = `
  INSERT INTO analytics_contacts (contact_id, district_id, student_id, staff_id, enrollment_id, course_id, kind, at, status)
  VALUES ($1, $2, $3, $4, $5, (SELECT course_id FROM analytics_enrollments WHERE enrollment_id = $5), $6, $7, $8)
  ON CONFLICT (contact_id) DO NOTHING`;

/** The enrollment of the latest text a staff member sent a student: a reply to them belongs to its course. */
const LAST_TEXT_ENROLLMENT = `SELECT enrollment_id FROM analytics_contacts WHERE student_id = $1 AND staff_id = $2 AND kind = 'sms_out' ORDER BY ${LAST_TEXT_ORDER} LIMIT 1`;

/**
 * Facts for the analytics views, with no message bodies, names or numbers: who (pseudonymous ids) contacted which
 * student, how, when, for which course, and what became of it. The views in the analytics migration aggregate
 * these; the read-only analytics database role can select only the views.
 */
export class AnalyticsProjection implements Projection {
  readonly name = 'analytics';
  readonly tables = ['analytics_contacts', 'analytics_enrollments'] as const;

  async apply(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length >= ANALYTICS_SET_BASED_FROM && (await applyAnalyticsBatch(tx, events))) return;
    for (const event of events) await this.one(tx, event);
  }

  private async one(tx: SqlTx, event: RecordedEvent): Promise<void> {
    const at = event.metadata.occurredAt;
    const district = event.metadata.actor.districtId;
    const e = { type: event.type, data: event.data } as StudentEvent;
    switch (e.type) {
      case 'EnrollmentStarted': {
        const d = e.data;
        return void (await tx.query(
          `INSERT INTO analytics_enrollments (enrollment_id, student_id, district_id, course_id, teacher_id, started_on) VALUES ($1,$2,$3,$4,$5,$6)
           ON CONFLICT (enrollment_id) DO NOTHING`,
          [d.enrollmentId, d.studentId, district, d.courseId, d.teacherId, d.startedOn],
        ));
      }
      case 'EnrollmentEnded':
        return void (await tx.query('UPDATE analytics_enrollments SET ended_on = $2 WHERE enrollment_id = $1', [e.data.enrollmentId, e.data.endedOn]));
      case 'EnrollmentPacingReported':
        // "Behind since" is the first report of a run of "behind": later repeats do not reset the clock.
        return void (await tx.query(
          `UPDATE analytics_enrollments SET pacing_status = $2,
             behind_since = CASE WHEN $2 = 'behind' THEN (CASE WHEN pacing_status = 'behind' THEN behind_since ELSE $3::timestamptz END) END
           WHERE enrollment_id = $1`,
          [e.data.enrollmentId, e.data.status, e.data.asOf],
        ));
      case 'SmsQueued':
        return void (await tx.query(INSERT_CONTACT, [e.data.messageId, district, e.data.studentId, e.data.staffId, e.data.enrollmentId, 'sms_out', at, 'queued']));
      case 'SmsSent':
      case 'SmsDelivered':
      case 'SmsFailed': {
        const status = e.type === 'SmsSent' ? 'sent' : e.type === 'SmsDelivered' ? 'delivered' : 'failed';
        return void (await tx.query(
          `UPDATE analytics_contacts SET status = $2 WHERE contact_id = $1 AND kind = 'sms_out' AND ${RANK('status')} < ${RANK('$2::text')}`,
          [e.data.messageId, status],
        ));
      }
      case 'SmsCancelled':
        return void (await tx.query(`UPDATE analytics_contacts SET status = 'cancelled' WHERE contact_id = $1 AND kind = 'sms_out' AND status = 'queued'`, [e.data.messageId]));
      case 'SmsReceived': {
        // A reply belongs to the course of the text it answers: the last one this staff member sent the student.
        const [last] = await tx.query<{ enrollment_id: string | null }>(
          LAST_TEXT_ENROLLMENT,
          [e.data.studentId, e.data.staffId],
        );
        return void (await tx.query(INSERT_CONTACT, [e.data.messageId, district, e.data.studentId, e.data.staffId, last?.enrollment_id ?? null, 'sms_in', at, null]));
      }
      case 'InboundSmsMoved': {
        // The reply now answers the other staff member: it counts for them, in the course of their latest text.
        const [last] = await tx.query<{ enrollment_id: string | null }>(
          LAST_TEXT_ENROLLMENT,
          [e.data.studentId, e.data.toStaffId],
        );
        return void (await tx.query(
          `UPDATE analytics_contacts SET staff_id = $2, enrollment_id = $3, course_id = (SELECT course_id FROM analytics_enrollments WHERE enrollment_id = $3)
            WHERE contact_id = $1 AND kind = 'sms_in'`,
          [e.data.messageId, e.data.toStaffId, last?.enrollment_id ?? null],
        ));
      }
      case 'CallLogged': {
        const staffId = e.data.authorId ?? event.metadata.actor.id;
        const [mine] = e.data.enrollmentId ? [{ enrollment_id: e.data.enrollmentId }] : await tx.query<{ enrollment_id: string }>(
          `SELECT enrollment_id FROM analytics_enrollments WHERE student_id = $1 AND teacher_id = $2 ORDER BY ${CALL_ENROLLMENT_ORDER} LIMIT 1`,
          [e.data.studentId, staffId],
        );
        // A back-dated call counts when it happened (worklists: "not contacted in 7 days").
        return void (await tx.query(INSERT_CONTACT, [e.data.callId, district, e.data.studentId, staffId, mine?.enrollment_id ?? null, 'call', e.data.occurredAt ?? at, e.data.outcome]));
      }
      case 'EntryMarkedEnteredInError':
        if (e.data.entryKind !== 'call') return;
        return void (await tx.query(`UPDATE analytics_contacts SET entered_in_error = true WHERE contact_id = $1 AND kind = 'call'`, [e.data.entryId]));
      case 'SmsOptedOut':
        return void (await tx.query(INSERT_CONTACT, [event.id, district, e.data.studentId, null, null, 'opt_out', at, e.data.requestedBy]));
      default:
        return;
    }
  }
}
