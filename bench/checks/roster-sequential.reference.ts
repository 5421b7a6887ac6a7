/*
 * Reference only (not used by the service): RosterProjection as it was before its set-based rewrite, one statement
 * per event, frozen here so test/integration/projection-batches.spec.ts can check the rewrite gives identical tables.
 */
import type { RecordedEvent } from '../../src/application/ports/event-store.port';
import type { DistrictEvent } from '../../src/domain/district/district.events';
import type { StudentEvent } from '../../src/domain/student/student.events';
import type { Projection, SqlTx } from '../../src/projections/runner/projection';

/**
 * SMS Enabled per student, in the same order of reasons as the domain's smsEligibility(): the district first,
 * then an opt-out, then a missing number, then a number the phone network reported invalid. (A test checks both agree.)
 */
const REFRESH_SMS = (where: string) => `
  UPDATE current_enrollments ce
     SET sms_enabled = r.reason IS NULL, sms_disabled_reason = r.reason
    FROM (SELECT sd.student_id,
                 CASE WHEN dp.sms_allowed IS NOT TRUE THEN 'district_disabled'
                      WHEN sd.opted_out THEN 'opted_out'
                      WHEN sd.sms_number IS NULL THEN 'no_sms_number'
                      WHEN sd.sms_number_invalid THEN 'number_flagged_invalid' END AS reason
            FROM student_directory sd LEFT JOIN district_policies dp ON dp.district_id = sd.district_id
           WHERE ${where}) r
   WHERE ce.student_id = r.student_id`;

/** Current enrollments (with SMS Enabled and last contact), the student directory and district policies. */
export class SequentialRosterProjection implements Projection {
  readonly name = 'roster';
  readonly tables = ['current_enrollments', 'student_directory', 'district_policies'] as const;

  async apply(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) await this.one(tx, event);
  }

  private async one(tx: SqlTx, event: RecordedEvent): Promise<void> {
    const at = event.metadata.occurredAt;
    const e = { type: event.type, data: event.data } as StudentEvent | DistrictEvent;
    switch (e.type) {
      case 'DistrictSmsPolicySet': {
        const p = e.data;
        await tx.query(
          `INSERT INTO district_policies (district_id, sms_allowed, time_zone, quiet_start, quiet_end, allowed_link_hosts) VALUES ($1,$2,$3,$4,$5,$6)
           ON CONFLICT (district_id) DO UPDATE SET sms_allowed=$2, time_zone=$3, quiet_start=$4, quiet_end=$5, allowed_link_hosts=$6`,
          [p.districtId, p.smsAllowed, p.timeZone, p.quietHours.start, p.quietHours.end, p.allowedLinkHosts],
        );
        return void (await tx.query(REFRESH_SMS('sd.district_id = $1'), [p.districtId]));
      }
      case 'StudentRegistered': {
        const d = e.data;
        await tx.query(
          `INSERT INTO student_directory (student_id, district_id, first_name, last_name, preferred_name, sms_number, time_zone, registered_at, listed_contacts)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9::jsonb) ON CONFLICT (student_id) DO NOTHING`,
          [d.studentId, d.districtId, d.firstName, d.lastName, d.preferredName, d.smsNumber, d.timeZone, at, JSON.stringify(d.listedContacts ?? [])],
        );
        return;
      }
      case 'ContactUpdated': {
        const { smsNumber, listedContacts } = e.data.changes;
        if (listedContacts !== undefined) {
          await tx.query('UPDATE student_directory SET listed_contacts = $2::jsonb WHERE student_id = $1', [e.data.studentId, JSON.stringify(listedContacts)]);
        }
        if (smsNumber === undefined) return;
        // A number put (back) on file clears the invalid flag and the number the opt-out removed.
        await tx.query(
          `UPDATE student_directory SET sms_number = $2, opted_out = opted_out AND $2::text IS NULL, sms_number_invalid = false,
                  opted_out_number = CASE WHEN $2::text IS NULL THEN opted_out_number END WHERE student_id = $1`,
          [e.data.studentId, smsNumber],
        );
        return void (await tx.query(REFRESH_SMS('sd.student_id = $1'), [e.data.studentId]));
      }
      case 'StudentRecordCorrected': {
        const v = e.data.correctedValues;
        const set = (['firstName', 'lastName', 'preferredName', 'timeZone'] as const).filter((f) => e.data.fields.includes(f));
        const column = { firstName: 'first_name', lastName: 'last_name', preferredName: 'preferred_name', timeZone: 'time_zone' } as const;
        if (set.length > 0) {
          await tx.query(`UPDATE student_directory SET ${set.map((f, i) => `${column[f]} = $${i + 2}`).join(', ')} WHERE student_id = $1`, [e.data.studentId, ...set.map((f) => v[f] ?? null)]);
        }
        return void (await tx.query('UPDATE current_enrollments ce SET student_first_name = coalesce(sd.preferred_name, sd.first_name) FROM student_directory sd WHERE sd.student_id = $1 AND ce.student_id = sd.student_id', [e.data.studentId]));
      }
      case 'SmsOptedOut':
        await tx.query('UPDATE student_directory SET sms_number = NULL, opted_out = true, opted_out_number = coalesce($2, opted_out_number) WHERE student_id = $1', [e.data.studentId, e.data.removedNumber]);
        return void (await tx.query(REFRESH_SMS('sd.student_id = $1'), [e.data.studentId]));
      case 'EnrollmentStarted': {
        const d = e.data;
        await tx.query(
          `INSERT INTO current_enrollments (enrollment_id, student_id, district_id, course_id, course_name, teacher_id, teacher_name, student_first_name, started_on, sms_enabled)
           SELECT $1, $2, sd.district_id, $3, $4, $5, $6, coalesce(sd.preferred_name, sd.first_name), $7, false FROM student_directory sd WHERE sd.student_id = $2
           ON CONFLICT (enrollment_id) DO NOTHING`,
          [d.enrollmentId, d.studentId, d.courseId, d.courseName, d.teacherId, d.teacherName, d.startedOn],
        );
        return void (await tx.query(REFRESH_SMS('sd.student_id = $1'), [d.studentId]));
      }
      case 'SmsNumberFlaggedInvalid':
        await tx.query('UPDATE student_directory SET sms_number_invalid = true WHERE student_id = $1 AND sms_number = $2', [e.data.studentId, e.data.number]);
        return void (await tx.query(REFRESH_SMS('sd.student_id = $1'), [e.data.studentId]));
      case 'EnrollmentEnded':
        return void (await tx.query('DELETE FROM current_enrollments WHERE enrollment_id = $1', [e.data.enrollmentId]));
      case 'SmsQueued':
        await tx.query('UPDATE student_directory SET last_outbound_at = $2 WHERE student_id = $1', [e.data.studentId, at]);
        return void (await tx.query('UPDATE current_enrollments SET last_contact_at = $2 WHERE enrollment_id = $1', [e.data.enrollmentId, at]));
      case 'SmsReceived':
        return void (await tx.query('UPDATE current_enrollments SET last_contact_at = $3 WHERE student_id = $1 AND teacher_id = $2', [e.data.studentId, e.data.staffId, at]));
      case 'CallLogged':
        if (e.data.enrollmentId) {
          return void (await tx.query('UPDATE current_enrollments SET last_contact_at = $3 WHERE enrollment_id = $1 AND student_id = $2', [e.data.enrollmentId, e.data.studentId, at]));
        }
        return void (await tx.query('UPDATE current_enrollments SET last_contact_at = $3 WHERE student_id = $1 AND teacher_id = $2', [e.data.studentId, event.metadata.actor.id, at]));
      default:
        return;
    }
  }
}
