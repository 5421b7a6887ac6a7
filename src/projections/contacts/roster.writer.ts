import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { DistrictSmsPolicySet } from '../../domain/district/district.events';
import type { SqlTx } from '../runner/projection';
import { loadSets, tableWrite, writeTables } from '../runner/row-writer';
import { foldRoster } from './roster.fold';
import {
  ENROLLMENTS,
  POLICIES,
  SELECT_ENROLLMENT,
  SELECT_POLICY,
  SELECT_STUDENT,
  STUDENTS,
  type EnrollmentRow,
  type PolicyRow,
  type StudentRow,
  type StudentSmsFields,
  rosterKey,
} from './roster.rows';

/** The events the roster folds (roster.fold.ts); the others name no row of it. */
const ROSTER_EVENTS = new Set([
  'DistrictSmsPolicySet',
  'StudentRegistered',
  'ContactUpdated',
  'StudentRecordCorrected',
  'SmsOptedOut',
  'SmsNumberFlaggedInvalid',
  'EnrollmentStarted',
  'EnrollmentEnded',
  'SmsQueued',
  'SmsReceived',
  'CallLogged',
]);

/**
 * The students and enrollments an event names (a text may name another student's enrollment), each by rosterKey
 * (district and id: the district the event acts for).
 */
function keysOf(events: readonly RecordedEvent[]): {
  students: Map<string, [string, string]>;
  enrollments: Map<string, [string, string]>;
  policies: Map<string, DistrictSmsPolicySet['data']>;
} {
  const students = new Map<string, [string, string]>();
  const enrollments = new Map<string, [string, string]>();
  const policies = new Map<string, DistrictSmsPolicySet['data']>();
  for (const event of events) {
    if (!ROSTER_EVENTS.has(event.type)) continue;
    const d = event.data as { studentId?: unknown; enrollmentId?: unknown } | null;
    if (event.type === 'DistrictSmsPolicySet') {
      const p = event.data as DistrictSmsPolicySet['data'];
      policies.set(p.districtId, p);
      continue;
    }
    // The district the fold keys the event by: the registration's own, else the one the event acts for.
    const district =
      event.type === 'StudentRegistered'
        ? (event.data as { districtId: string }).districtId
        : event.metadata.actor.districtId;
    if (typeof d?.studentId === 'string') students.set(rosterKey(district, d.studentId), [district, d.studentId]);
    if (typeof d?.enrollmentId === 'string')
      enrollments.set(rosterKey(district, d.enrollmentId), [district, d.enrollmentId]);
  }
  return { students, enrollments, policies };
}

const samePolicy = (a: PolicyRow | undefined, p: DistrictSmsPolicySet['data']): boolean =>
  a !== undefined &&
  a.sms_allowed === p.smsAllowed &&
  a.time_zone === p.timeZone &&
  a.quiet_start === p.quietHours.start &&
  a.quiet_end === p.quietHours.end &&
  JSON.stringify(a.allowed_link_hosts) === JSON.stringify(p.allowedLinkHosts);

/**
 * The roster's set-based writer: loads the rows the batch's events name (every current enrollment of the students they
 * name, those students, their districts' policies), folds the events into them (roster.fold.ts) and writes what
 * changed: one read and one write statement per batch (a district's fan-out reads once more).
 *
 * Fan-out: a district policy change concerns every enrollment of the district. The students of such a district that
 * the batch does not name are not loaded whole: only their SMS fields, and the domain's verdict for each is written to
 * all their enrollments by one UPDATE joined to that table's statement (a set-based fan-out in SQL, by student, the
 * values from the fold). Any change of the policy fans out: which fields the verdict reads is the domain's business.
 */
export async function writeRoster(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
  const keys = keysOf(events);
  if (keys.students.size + keys.enrollments.size + keys.policies.size === 0) return;
  const districts = new Set(keys.policies.keys());
  for (const event of events) {
    if (event.type === 'StudentRegistered') districts.add((event.data as { districtId: string }).districtId);
  }
  // One round trip: the students named (and those whose enrollment is named), all their enrollments, their districts.
  const loaded = await loadSets<{
    enrollments: EnrollmentRow[];
    students: StudentRow[];
    policies: PolicyRow[];
    covered: { district_id: string; student_id: string }[];
  }>(
    tx,
    `WITH named AS (SELECT * FROM unnest($1::text[], $2::text[]) AS n(district_id, student_id)
                    UNION SELECT district_id, student_id FROM current_enrollments
                     WHERE (district_id, enrollment_id) IN (SELECT * FROM unnest($3::text[], $4::text[]))),
          e AS (SELECT ${SELECT_ENROLLMENT} FROM current_enrollments WHERE (district_id, student_id) IN (SELECT * FROM named)),
          s AS (SELECT ${SELECT_STUDENT} FROM student_directory WHERE (district_id, student_id) IN (SELECT * FROM named)),
          p AS (SELECT ${SELECT_POLICY} FROM district_policies WHERE district_id IN (SELECT district_id FROM s UNION SELECT unnest($5::text[])))
     SELECT (SELECT json_agg(e) FROM e) AS enrollments, (SELECT json_agg(s) FROM s) AS students, (SELECT json_agg(p) FROM p) AS policies,
            (SELECT json_agg(named) FROM named) AS covered`,
    [
      [...keys.students.values()].map((k) => k[0]),
      [...keys.students.values()].map((k) => k[1]),
      [...keys.enrollments.values()].map((k) => k[0]),
      [...keys.enrollments.values()].map((k) => k[1]),
      [...districts],
    ],
  );
  const policies = new Map(loaded.policies.map((p) => [p.district_id, p]));
  const fanOut = new Map<string, StudentSmsFields[]>();
  const changing = [...keys.policies].filter(([id, p]) => !samePolicy(policies.get(id), p)).map(([id]) => id);
  if (changing.length > 0) {
    const others = await tx.query<StudentSmsFields>(
      `SELECT student_id, district_id, opted_out, sms_number, sms_number_invalid FROM student_directory
        WHERE district_id = ANY($1::text[])
          AND (district_id, student_id) NOT IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [changing, loaded.covered.map((c) => c.district_id), loaded.covered.map((c) => c.student_id)],
    );
    for (const id of changing) fanOut.set(id, []);
    for (const s of others) fanOut.get(s.district_id)!.push(s);
  }
  const students = new Map(loaded.students.map((s) => [rosterKey(s.district_id, s.student_id), s]));
  const enrollments = new Map(loaded.enrollments.map((e) => [rosterKey(e.district_id, e.enrollment_id), e]));
  const changes = foldRoster({ policies, students, enrollments, fanOut }, events);
  const v = changes.verdicts;
  await writeTables(tx, [
    tableWrite(POLICIES, { upserts: changes.policies, loaded: (p) => policies.has(p.district_id) }),
    tableWrite(STUDENTS, {
      upserts: changes.students,
      loaded: (s) => students.has(rosterKey(s.district_id, s.student_id)),
    }),
    tableWrite(ENROLLMENTS, {
      upserts: changes.enrollments,
      loaded: (e) => enrollments.has(rosterKey(e.district_id, e.enrollment_id)),
      deletes: changes.ended,
      ...(v.length === 0
        ? {}
        : {
            also: {
              sql: (
                n: number,
              ) => `UPDATE current_enrollments ce SET sms_enabled = u.sms_enabled, sms_disabled_reason = u.sms_disabled_reason
            FROM unnest($${n + 1}::text[], $${n + 2}::text[], $${n + 3}::boolean[], $${n + 4}::text[])
                 AS u(district_id, student_id, sms_enabled, sms_disabled_reason)
           WHERE ce.district_id = u.district_id AND ce.student_id = u.student_id
             AND (ce.sms_enabled, ce.sms_disabled_reason) IS DISTINCT FROM (u.sms_enabled, u.sms_disabled_reason)`,
              params: [
                v.map((r) => r.district_id),
                v.map((r) => r.student_id),
                v.map((r) => r.sms_enabled),
                v.map((r) => r.sms_disabled_reason),
              ],
            },
          }),
    }),
  ]);
}
