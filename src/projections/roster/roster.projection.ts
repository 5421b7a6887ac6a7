import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { DistrictEvent } from '../../domain/district/district.events';
import type { StudentEvent } from '../../domain/student/student.events';
import type { Projection, SqlTx } from '../runner/projection';
import { applyBulkRun, BULK_TYPES } from './roster-bulk';
import { REFRESH_SMS } from './roster.sql';

/** The events that change the roster at all; the others pass through without ending a run. */
const ROSTER_TYPES = new Set(['DistrictSmsPolicySet', 'ContactUpdated', 'StudentRecordCorrected', 'SmsOptedOut', 'SmsNumberFlaggedInvalid', 'EnrollmentEnded']);

/** Current enrollments (with SMS Enabled and last contact), the student directory and district policies. */
export class RosterProjection implements Projection {
  readonly name = 'roster';
  readonly tables = ['current_enrollments', 'student_directory', 'district_policies'] as const;

  /**
   * Runs of the frequent insert-or-stamp events are written set-based, a few statements per run (roster-bulk.ts);
   * every other event ends the run and is applied on its own, in log order, by the per-event statements below.
   */
  async apply(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
    let run: RecordedEvent[] = [];
    for (const event of events) {
      if (BULK_TYPES.has(event.type)) {
        run.push(event);
        continue;
      }
      if (!ROSTER_TYPES.has(event.type)) continue;
      if (run.length > 0) await applyBulkRun(tx, run);
      run = [];
      await this.one(tx, event);
    }
    if (run.length > 0) await applyBulkRun(tx, run);
  }

  private async one(tx: SqlTx, event: RecordedEvent): Promise<void> {
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
        // Only the fields the correction names; the Current Enrollments screen shows the preferred name, else the first.
        const v = e.data.correctedValues;
        const has = (f: keyof typeof v) => e.data.fields.includes(f);
        await tx.query(
          `UPDATE student_directory SET first_name = CASE WHEN $2 THEN $3 ELSE first_name END, last_name = CASE WHEN $4 THEN $5 ELSE last_name END,
                  preferred_name = CASE WHEN $6 THEN $7 ELSE preferred_name END, time_zone = CASE WHEN $8 THEN $9 ELSE time_zone END WHERE student_id = $1`,
          [e.data.studentId, has('firstName'), v.firstName ?? null, has('lastName'), v.lastName ?? null, has('preferredName'), v.preferredName ?? null, has('timeZone'), v.timeZone ?? null],
        );
        return void (await tx.query(
          `UPDATE current_enrollments ce SET student_first_name = coalesce(sd.preferred_name, sd.first_name) FROM student_directory sd
            WHERE sd.student_id = $1 AND ce.student_id = sd.student_id`,
          [e.data.studentId],
        ));
      }
      case 'SmsOptedOut':
        await tx.query('UPDATE student_directory SET sms_number = NULL, opted_out = true, opted_out_number = coalesce($2, opted_out_number) WHERE student_id = $1', [e.data.studentId, e.data.removedNumber]);
        return void (await tx.query(REFRESH_SMS('sd.student_id = $1'), [e.data.studentId]));
      case 'SmsNumberFlaggedInvalid':
        await tx.query('UPDATE student_directory SET sms_number_invalid = true WHERE student_id = $1 AND sms_number = $2', [e.data.studentId, e.data.number]);
        return void (await tx.query(REFRESH_SMS('sd.student_id = $1'), [e.data.studentId]));
      case 'EnrollmentEnded':
        return void (await tx.query('DELETE FROM current_enrollments WHERE enrollment_id = $1', [e.data.enrollmentId]));
      default:
        return;
    }
  }
}
