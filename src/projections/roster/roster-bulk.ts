import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { CallLogged, EnrollmentStarted, SmsQueued, SmsReceived, StudentRegistered } from '../../domain/student/student.events';
import type { SqlTx } from '../runner/projection';
import { SMS_REASON } from './roster.sql';

/** The roster events that only insert rows or stamp times: a run of them is written with a few set-based statements. */
export const BULK_TYPES = new Set(['StudentRegistered', 'EnrollmentStarted', 'SmsQueued', 'SmsReceived', 'CallLogged']);

/** A last-contact stamp: by enrollment (and student), or by student and teacher, as the per-event statements match. */
interface Contact {
  k: number;
  enrollmentId: string | null;
  studentId: string | null;
  teacherId: string | null;
  at: string;
}

/**
 * Writes a run of BULK_TYPES events (in log order; k = index in the run) exactly as applying them one by one would.
 * Within such a run nothing is deleted and no SMS-relevant directory field or policy changes (those events end the
 * run, see RosterProjection), so the only order that matters is "a row is touched only by events after its insert":
 * rows inserted in this run remember the index of their insert, and a stamp applies only if it comes later;
 * among the stamps that apply to a row, the last one wins, as it would sequentially. Rows the run inserts are written
 * once, as they are at its end (their last stamps, and SMS Enabled from their student and district, which a run does not
 * change); only rows already there are updated. (Their SMS Enabled needs no refresh: every event that changes a
 * student's or district's SMS fields refreshes it, see RosterProjection, and a run has none.)
 */
export async function applyBulkRun(tx: SqlTx, run: readonly RecordedEvent[]): Promise<void> {
  const registered = new Map<string, { k: number; d: StudentRegistered['data']; at: string }>();
  const started = new Map<string, { k: number; d: EnrollmentStarted['data'] }>();
  const outbound = new Map<string, { k: number; at: string }>();
  const contacts: Contact[] = [];
  run.forEach((event, k) => {
    const at = event.metadata.occurredAt;
    switch (event.type) {
      case 'StudentRegistered': {
        const d = event.data as StudentRegistered['data'];
        if (!registered.has(d.studentId)) registered.set(d.studentId, { k, d, at });
        return;
      }
      case 'EnrollmentStarted': {
        const d = event.data as EnrollmentStarted['data'];
        if (!started.has(d.enrollmentId)) started.set(d.enrollmentId, { k, d });
        return;
      }
      case 'SmsQueued': {
        const d = event.data as SmsQueued['data'];
        outbound.set(d.studentId, { k, at });
        contacts.push({ k, enrollmentId: d.enrollmentId, studentId: null, teacherId: null, at });
        return;
      }
      case 'SmsReceived': {
        const d = event.data as SmsReceived['data'];
        contacts.push({ k, enrollmentId: null, studentId: d.studentId, teacherId: d.staffId, at });
        return;
      }
      case 'CallLogged': {
        const d = event.data as CallLogged['data'];
        contacts.push(d.enrollmentId
          ? { k, enrollmentId: d.enrollmentId, studentId: d.studentId, teacherId: null, at }
          : { k, enrollmentId: null, studentId: d.studentId, teacherId: event.metadata.actor.id, at });
        return;
      }
    }
  });
  // A student registered in this run is inserted with its last text already stamped (the last one after it).
  const insertedStudents = await insertDirectory(tx, [...registered.values()].map((r) => {
    const o = outbound.get(r.d.studentId);
    return { ...r, lastOutboundAt: o && o.k > r.k ? o.at : null };
  }));
  const after = (studentId: string, k: number) => (insertedStudents.get(studentId) ?? -1) < k;
  const enrollments = [...started.values()].filter((s) => after(s.d.studentId, s.k));
  // Of the stamps aimed at the same enrollment, or at the same student and teacher, only the last can be the last to
  // match a row: keep those.
  const last = new Map<string, Contact>();
  for (const c of contacts) last.set(JSON.stringify(c.enrollmentId !== null ? ['e', c.enrollmentId, c.studentId] : ['t', c.studentId, c.teacherId]), c);
  const stamps = [...last.values()];
  const insertedEnrollments = await insertEnrollments(tx, enrollments, stamps);
  const outboundStamps = [...outbound].filter(([studentId]) => !insertedStudents.has(studentId));
  if (outboundStamps.length > 0) {
    await tx.query('UPDATE student_directory sd SET last_outbound_at = u.at FROM unnest($1::text[], $2::timestamptz[]) AS u(student_id, at) WHERE sd.student_id = u.student_id',
      [outboundStamps.map(([s]) => s), outboundStamps.map(([, o]) => o.at)]);
  }
  // A stamp aimed at an enrollment this run inserted can only match that row, which has it already.
  const inserted = new Set(insertedEnrollments.ids);
  const older = stamps.filter((c) => c.enrollmentId === null || !inserted.has(c.enrollmentId));
  if (older.length > 0) await stampContacts(tx, older, insertedEnrollments);
}

/** Returns the students actually inserted (not already there) with the index of their registration. */
async function insertDirectory(tx: SqlTx, rows: { k: number; d: StudentRegistered['data']; at: string; lastOutboundAt: string | null }[]): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  const inserted = await tx.query<{ student_id: string }>(
    `INSERT INTO student_directory (student_id, district_id, first_name, last_name, preferred_name, sms_number, time_zone, registered_at, last_outbound_at, listed_contacts)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::jsonb[])
     ON CONFLICT (student_id) DO NOTHING RETURNING student_id`,
    [col((r) => r.d.studentId), col((r) => r.d.districtId), col((r) => r.d.firstName), col((r) => r.d.lastName), col((r) => r.d.preferredName),
      col((r) => r.d.smsNumber), col((r) => r.d.timeZone), col((r) => r.at), col((r) => r.lastOutboundAt), col((r) => JSON.stringify(r.d.listedContacts ?? []))],
  );
  const k = new Map(rows.map((r) => [r.d.studentId, r.k]));
  return new Map(inserted.map((r) => [r.student_id, k.get(r.student_id)!]));
}

/**
 * Like the per-event insert: only for a student in the directory, names and district taken from it. Each row is
 * inserted as it is at the end of the run: SMS Enabled from its student and district (which no event of a run
 * changes), and last contact from the last stamp after its insert that matches it (as stampContacts matches).
 */
async function insertEnrollments(tx: SqlTx, rows: { k: number; d: EnrollmentStarted['data'] }[], contacts: Contact[]): Promise<{ ids: string[]; ks: number[] }> {
  if (rows.length === 0) return { ids: [], ks: [] };
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  const stamp = <T>(f: (c: Contact) => T) => contacts.map(f);
  const inserted = await tx.query<{ enrollment_id: string }>(
    `WITH e AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::int[])
                  AS e(enrollment_id, student_id, course_id, course_name, teacher_id, teacher_name, started_on, k)),
          u AS (SELECT * FROM unnest($9::int[], $10::text[], $11::text[], $12::text[], $13::timestamptz[]) AS u(k, enrollment_id, student_id, teacher_id, at)),
          hits AS (
            SELECT e.enrollment_id, u.k, u.at FROM e JOIN u ON u.enrollment_id = e.enrollment_id AND (u.student_id IS NULL OR u.student_id = e.student_id)
             WHERE u.k > e.k
            UNION ALL
            SELECT e.enrollment_id, u.k, u.at FROM e JOIN u ON u.enrollment_id IS NULL AND u.student_id = e.student_id AND u.teacher_id = e.teacher_id
             WHERE u.k > e.k),
          last AS (SELECT DISTINCT ON (enrollment_id) enrollment_id, at FROM hits ORDER BY enrollment_id, k DESC)
     INSERT INTO current_enrollments (enrollment_id, student_id, district_id, course_id, course_name, teacher_id, teacher_name, student_first_name, started_on,
                                      sms_enabled, sms_disabled_reason, last_contact_at)
     SELECT e.enrollment_id, e.student_id, sd.district_id, e.course_id, e.course_name, e.teacher_id, e.teacher_name, coalesce(sd.preferred_name, sd.first_name), e.started_on,
            r.reason IS NULL, r.reason, last.at
       FROM e JOIN student_directory sd ON sd.student_id = e.student_id
       LEFT JOIN district_policies dp ON dp.district_id = sd.district_id
       CROSS JOIN LATERAL (SELECT ${SMS_REASON} AS reason) r
       LEFT JOIN last ON last.enrollment_id = e.enrollment_id
     ON CONFLICT (enrollment_id) DO NOTHING RETURNING enrollment_id`,
    [col((r) => r.d.enrollmentId), col((r) => r.d.studentId), col((r) => r.d.courseId), col((r) => r.d.courseName), col((r) => r.d.teacherId),
      col((r) => r.d.teacherName), col((r) => r.d.startedOn), col((r) => r.k),
      stamp((c) => c.k), stamp((c) => c.enrollmentId), stamp((c) => c.studentId), stamp((c) => c.teacherId), stamp((c) => c.at)],
  );
  const k = new Map(rows.map((r) => [r.d.enrollmentId, r.k]));
  return { ids: inserted.map((r) => r.enrollment_id), ks: inserted.map((r) => k.get(r.enrollment_id)!) };
}

/** last_contact_at per enrollment already there before the run (those inserted by it have theirs): the last stamp that matches it. */
async function stampContacts(tx: SqlTx, contacts: Contact[], inserted: { ids: string[]; ks: number[] }): Promise<void> {
  const col = <T>(f: (c: Contact) => T) => contacts.map(f);
  await tx.query(
    `WITH u AS (SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS u(k, enrollment_id, student_id, teacher_id, at)),
          ins AS (SELECT * FROM unnest($6::text[], $7::int[]) AS i(enrollment_id, k)),
          hits AS (
            SELECT ce.enrollment_id, u.k, u.at FROM u JOIN current_enrollments ce
                ON ce.enrollment_id = u.enrollment_id AND (u.student_id IS NULL OR ce.student_id = u.student_id)
             WHERE u.enrollment_id IS NOT NULL
            UNION ALL
            SELECT ce.enrollment_id, u.k, u.at FROM u JOIN current_enrollments ce ON ce.student_id = u.student_id AND ce.teacher_id = u.teacher_id
             WHERE u.enrollment_id IS NULL),
          last AS (
            SELECT DISTINCT ON (h.enrollment_id) h.enrollment_id, h.at FROM hits h LEFT JOIN ins ON ins.enrollment_id = h.enrollment_id
             WHERE ins.enrollment_id IS NULL ORDER BY h.enrollment_id, h.k DESC)
     UPDATE current_enrollments ce SET last_contact_at = last.at FROM last WHERE ce.enrollment_id = last.enrollment_id`,
    [col((c) => c.k), col((c) => c.enrollmentId), col((c) => c.studentId), col((c) => c.teacherId), col((c) => c.at), inserted.ids, inserted.ks],
  );
}
