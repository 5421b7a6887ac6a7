import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { DistrictEvent, DistrictSmsPolicy } from '../../domain/district/district.events';
import { smsEligibility, type SmsEligibility } from '../../domain/student/sms-eligibility';
import type { StudentEvent } from '../../domain/student/student.events';
import { sameRow } from '../runner/row-writer';
import type { EnrollmentRow, PolicyRow, StudentRow, StudentSmsFields } from './roster.rows';

/** The rows a roster batch reads, loaded by the keys its events name (roster.writer.ts). */
export interface RosterRows {
  policies: ReadonlyMap<string, PolicyRow>;
  students: ReadonlyMap<string, StudentRow>;
  /** Every current enrollment of the students in `students` (and nothing else). */
  enrollments: ReadonlyMap<string, EnrollmentRow>;
  /**
   * Districts whose policy the batch changes: the SMS fields of their students not in `students`.
   * Their enrollments are not loaded; the fold gives each such student's verdict instead (`verdicts`).
   */
  fanOut: ReadonlyMap<string, readonly StudentSmsFields[]>;
}

/** What the batch changed: whole rows to write, enrollments to remove, and SMS Enabled of fanned-out students. */
export interface RosterChanges {
  policies: PolicyRow[];
  students: StudentRow[];
  enrollments: EnrollmentRow[];
  ended: string[];
  verdicts: { student_id: string; sms_enabled: boolean; sms_disabled_reason: string | null }[];
}

/** The district's policy as the domain takes it (smsEligibility reads the policy; a district without one has texting off). */
function policyOf(row: PolicyRow | undefined): DistrictSmsPolicy | null {
  if (!row) return null;
  return {
    districtId: row.district_id,
    smsAllowed: row.sms_allowed,
    timeZone: row.time_zone,
    quietHours: { start: row.quiet_start, end: row.quiet_end },
    allowedLinkHosts: row.allowed_link_hosts,
  };
}

/** SMS Enabled: the domain's verdict (smsEligibility), stored as it is, never recomputed by the database. */
export function verdictOf(student: StudentSmsFields, policy: PolicyRow | undefined): SmsEligibility {
  return smsEligibility(policyOf(policy), {
    optedOut: student.opted_out,
    smsNumber: student.sms_number,
    numberFlaggedInvalid: student.sms_number_invalid,
  });
}

/**
 * The roster (Current Enrollments with SMS Enabled and last contact, the student directory, district policies) after
 * `events`, in log order, from `rows`: returns the rows that changed. Pure: `rows` is not modified.
 *
 * What the screen shows of a student (SMS Enabled, the preferred or first name) always follows the student's row and
 * their district's policy, so it is taken from them once, at the end, for every enrollment of a covered student.
 * Last contact is the time of the latest event that stamps it (in log order, not the greatest time), as before.
 */
export function foldRoster(rows: RosterRows, events: readonly RecordedEvent[]): RosterChanges {
  const policies = new Map([...rows.policies].map(([k, r]) => [k, { ...r }]));
  const students = new Map([...rows.students].map(([k, r]) => [k, { ...r }]));
  const enrollments = new Map([...rows.enrollments].map(([k, r]) => [k, { ...r }]));
  const byStudent = new Map<string, Set<string>>();
  const index = (e: EnrollmentRow) => {
    let set = byStudent.get(e.student_id);
    if (!set) byStudent.set(e.student_id, (set = new Set()));
    set.add(e.enrollment_id);
  };
  enrollments.forEach(index);
  /** Stamps the enrollments of `studentId` taught by `teacherId`. */
  const stampTeacher = (studentId: string, teacherId: string, at: string) => {
    for (const id of byStudent.get(studentId) ?? []) {
      const e = enrollments.get(id)!;
      if (e.teacher_id === teacherId) e.last_contact_at = at;
    }
  };

  for (const event of events) {
    const at = event.metadata.occurredAt;
    const e = { type: event.type, data: event.data } as StudentEvent | DistrictEvent;
    switch (e.type) {
      case 'DistrictSmsPolicySet': {
        const p = e.data;
        policies.set(p.districtId, {
          district_id: p.districtId,
          sms_allowed: p.smsAllowed,
          time_zone: p.timeZone,
          quiet_start: p.quietHours.start,
          quiet_end: p.quietHours.end,
          allowed_link_hosts: p.allowedLinkHosts,
        });
        break;
      }
      case 'StudentRegistered': {
        const d = e.data;
        if (students.has(d.studentId)) break;
        students.set(d.studentId, {
          student_id: d.studentId,
          district_id: d.districtId,
          first_name: d.firstName,
          last_name: d.lastName,
          preferred_name: d.preferredName ?? null,
          sms_number: d.smsNumber ?? null,
          opted_out: false,
          sms_number_invalid: false,
          opted_out_number: null,
          time_zone: d.timeZone ?? null,
          listed_contacts: JSON.stringify(d.listedContacts ?? []),
          last_outbound_at: null,
          registered_at: at,
        });
        break;
      }
      case 'ContactUpdated': {
        const s = students.get(e.data.studentId);
        if (!s) break;
        const { smsNumber, listedContacts } = e.data.changes;
        if (listedContacts !== undefined) s.listed_contacts = JSON.stringify(listedContacts);
        if (smsNumber === undefined) break;
        // A number put (back) on file clears the invalid flag, an opt-out and the number the opt-out removed.
        s.opted_out = s.opted_out && smsNumber === null;
        s.opted_out_number = smsNumber === null ? s.opted_out_number : null;
        s.sms_number = smsNumber;
        s.sms_number_invalid = false;
        break;
      }
      case 'StudentRecordCorrected': {
        // Only the fields the correction names.
        const s = students.get(e.data.studentId);
        if (!s) break;
        const v = e.data.correctedValues;
        const has = (f: keyof typeof v) => e.data.fields.includes(f);
        if (has('firstName')) s.first_name = v.firstName as string;
        if (has('lastName')) s.last_name = v.lastName as string;
        if (has('preferredName')) s.preferred_name = v.preferredName ?? null;
        if (has('timeZone')) s.time_zone = v.timeZone ?? null;
        break;
      }
      case 'SmsOptedOut': {
        const s = students.get(e.data.studentId);
        if (!s) break;
        s.sms_number = null;
        s.opted_out = true;
        s.opted_out_number = e.data.removedNumber ?? s.opted_out_number;
        break;
      }
      case 'SmsNumberFlaggedInvalid': {
        const s = students.get(e.data.studentId);
        if (s && s.sms_number === e.data.number) s.sms_number_invalid = true;
        break;
      }
      case 'EnrollmentStarted': {
        const d = e.data;
        const s = students.get(d.studentId);
        // Only for a student in the directory, once.
        if (!s || enrollments.has(d.enrollmentId)) break;
        const row: EnrollmentRow = {
          enrollment_id: d.enrollmentId,
          student_id: d.studentId,
          district_id: s.district_id,
          course_id: d.courseId,
          course_name: d.courseName,
          teacher_id: d.teacherId,
          teacher_name: d.teacherName,
          student_first_name: '',
          started_on: d.startedOn,
          sms_enabled: false,
          sms_disabled_reason: null,
          last_contact_at: null,
        };
        enrollments.set(row.enrollment_id, row);
        index(row);
        break;
      }
      case 'EnrollmentEnded': {
        const row = enrollments.get(e.data.enrollmentId);
        if (!row) break;
        enrollments.delete(row.enrollment_id);
        byStudent.get(row.student_id)?.delete(row.enrollment_id);
        break;
      }
      case 'SmsQueued': {
        const s = students.get(e.data.studentId);
        if (s) s.last_outbound_at = at;
        const row = enrollments.get(e.data.enrollmentId);
        if (row) row.last_contact_at = at;
        break;
      }
      case 'SmsReceived':
        stampTeacher(e.data.studentId, e.data.staffId, at);
        break;
      case 'CallLogged': {
        if (!e.data.enrollmentId) {
          stampTeacher(e.data.studentId, event.metadata.actor.id, at);
          break;
        }
        const row = enrollments.get(e.data.enrollmentId);
        if (row && row.student_id === e.data.studentId) row.last_contact_at = at;
        break;
      }
      default:
        break;
    }
  }

  for (const row of enrollments.values()) {
    const s = students.get(row.student_id);
    if (!s) continue;
    const verdict = verdictOf(s, policies.get(s.district_id));
    row.sms_enabled = verdict.enabled;
    row.sms_disabled_reason = verdict.reason;
    row.student_first_name = s.preferred_name ?? s.first_name;
  }
  const verdicts: RosterChanges['verdicts'] = [];
  for (const [districtId, list] of rows.fanOut) {
    for (const s of list) {
      const verdict = verdictOf(s, policies.get(districtId));
      verdicts.push({ student_id: s.student_id, sms_enabled: verdict.enabled, sms_disabled_reason: verdict.reason });
    }
  }
  return {
    policies: changed(rows.policies, policies, (r) => r.district_id),
    students: changed(rows.students, students, (r) => r.student_id),
    enrollments: changed(rows.enrollments, enrollments, (r) => r.enrollment_id),
    ended: [...rows.enrollments.keys()].filter((id) => !enrollments.has(id)),
    verdicts,
  };
}

/** The rows of `after` that are new or differ from `before`. */
function changed<R extends object>(
  before: ReadonlyMap<string, R>,
  after: ReadonlyMap<string, R>,
  key: (r: R) => string,
): R[] {
  return [...after.values()].filter((r) => {
    const old = before.get(key(r));
    return !old || !sameRow(old, r);
  });
}
