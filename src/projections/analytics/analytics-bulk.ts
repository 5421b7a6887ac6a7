import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { StudentEvent } from '../../domain/student/student.events';
import type { SqlTx } from '../runner/projection';
import { LAST_TEXT_ORDER } from './analytics.sql';

/** Values as node-postgres binds them (undefined is NULL; numbers and the like become their text). */
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The same ranks as RANK in analytics.projection.ts. */
const rank = (status: string | null): number => (status === 'queued' ? 0 : status === 'sent' ? 1 : 2);

/** A key of two ids; null when either is NULL (SQL's `=` never matches NULL). */
const pairKey = (a: string | null, b: string | null): string | null => (a === null || b === null ? null : `${a}\u0000${b}`);

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Microseconds since the epoch of a canonical UTC ISO time (what the clock writes), or null for any other text. */
function micros(at: string | null): number | null {
  const m = at === null ? null : ISO.exec(at);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== m[1]) return null;
  return ms * 1000 + Number((m[2] ?? '').padEnd(6, '0'));
}

/** The batch compares a time or a date it cannot compare exactly as PostgreSQL does, or inserts a NULL id: apply it one event at a time. */
class NotComparable extends Error {}

interface LastText { id: string; enrollment: string | null; us: number }

interface EnrollmentRow {
  enrollment_id: string;
  student_id: string | null;
  district_id: string | null;
  course_id: string | null;
  teacher_id: string | null;
  started_on: string | null;
  ended_on: string | null;
  pacing_status: string | null;
  behind_since: string | null;
}

interface ContactRow {
  contact_id: string;
  district_id: string | null;
  student_id: string | null;
  staff_id: string | null;
  enrollment_id: string | null;
  course_id: string | null;
  kind: string;
  at: string | null;
  status: string | null;
  entered_in_error: boolean;
}

/**
 * Applies a batch exactly as AnalyticsProjection's per-event statements would, one after the other, in a few
 * set-based statements: it loads every row the batch's events name or look up, folds the events into them in log
 * order with the SQL's conditions, and writes the new and the changed rows back. Returns false (nothing written) when
 * a look-up would compare a time or a date that is not in canonical form; the caller then applies the batch one
 * event at a time.
 *
 * The two look-ups pick the first row in their SQL's order (LAST_TEXT_ORDER, CALL_ENROLLMENT_ORDER, ties broken by
 * id): over the rows loaded from the table and those the batch has inserted or changed before the event.
 */
export async function applyAnalyticsBatch(tx: SqlTx, events: readonly RecordedEvent[]): Promise<boolean> {
  // A reply moved to another thread (rare: staff correct a misrouted reply) is applied one event at a time.
  if (events.some((e) => e.type === 'InboundSmsMoved')) return false;
  const contactIds = new Set<string>();
  const enrollmentIds = new Set<string>();
  const replyPairs = new Map<string, [string, string]>();
  const callPairs = new Map<string, [string, string]>();
  for (const event of events) {
    const e = { type: event.type, data: event.data } as StudentEvent;
    const add = (set: Set<string>, v: unknown) => {
      const t = text(v);
      if (t !== null) set.add(t);
    };
    switch (e.type) {
      case 'EnrollmentStarted':
      case 'EnrollmentEnded':
      case 'EnrollmentPacingReported':
        add(enrollmentIds, e.data.enrollmentId);
        break;
      case 'SmsQueued':
        add(contactIds, e.data.messageId);
        add(enrollmentIds, e.data.enrollmentId);
        break;
      case 'SmsSent':
      case 'SmsDelivered':
      case 'SmsFailed':
      case 'SmsCancelled':
        add(contactIds, e.data.messageId);
        break;
      case 'SmsReceived': {
        add(contactIds, e.data.messageId);
        const s = text(e.data.studentId), t = text(e.data.staffId), key = pairKey(s, t);
        if (key !== null) replyPairs.set(key, [s!, t!]);
        break;
      }
      case 'CallLogged': {
        add(contactIds, e.data.callId);
        if (e.data.enrollmentId) {
          add(enrollmentIds, e.data.enrollmentId);
        } else {
          const s = text(e.data.studentId), t = text(e.data.authorId ?? event.metadata.actor.id), key = pairKey(s, t);
          if (key !== null) callPairs.set(key, [s!, t!]);
        }
        break;
      }
      case 'EntryMarkedEnteredInError':
        if (e.data.entryKind === 'call') add(contactIds, e.data.entryId);
        break;
      case 'SmsOptedOut':
        contactIds.add(event.id);
        break;
      default:
        break;
    }
  }

  // The latest text per (student, staff member) of the batch's replies, as the per-event look-up finds it.
  const lastText = new Map<string, LastText | null>();
  if (replyPairs.size > 0) {
    const pairs = [...replyPairs.values()];
    const found = await tx.query<{ student_id: string; staff_id: string; contact_id: string; enrollment_id: string | null; us: string }>(
      `SELECT p.student_id, p.staff_id, l.contact_id, l.enrollment_id, l.us FROM unnest($1::text[], $2::text[]) AS p(student_id, staff_id)
         CROSS JOIN LATERAL (SELECT contact_id, enrollment_id, (extract(epoch FROM at) * 1000000)::bigint::text AS us FROM analytics_contacts c
                              WHERE c.student_id = p.student_id AND c.staff_id = p.staff_id AND c.kind = 'sms_out' ORDER BY ${LAST_TEXT_ORDER} LIMIT 1) l`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    for (const key of replyPairs.keys()) lastText.set(key, null);
    for (const r of found) {
      lastText.set(pairKey(r.student_id, r.staff_id)!, { id: r.contact_id, enrollment: r.enrollment_id, us: Number(r.us) });
      if (r.enrollment_id !== null) enrollmentIds.add(r.enrollment_id);
    }
  }

  const enrollments = new Map<string, EnrollmentRow>();
  /** Per (student, teacher) looked up by a call: its enrollments in the order the per-event sort meets them. */
  const byPair = new Map<string, EnrollmentRow[]>();
  for (const key of callPairs.keys()) byPair.set(key, []);
  if (enrollmentIds.size > 0 || callPairs.size > 0) {
    const pairs = [...callPairs.values()];
    // Two index look-ups joined by UNION (rows found both ways once): with OR between them PostgreSQL cannot use
    // either index and read the whole table for every batch (about 30 ms a batch at 200,000 enrollments).
    const columns = `e.enrollment_id, e.student_id, e.district_id, e.course_id, e.teacher_id, e.started_on::text AS started_on,
      e.ended_on::text AS ended_on, e.pacing_status, e.behind_since::text AS behind_since`;
    const loaded = await tx.query<EnrollmentRow>(
      `SELECT ${columns} FROM analytics_enrollments e WHERE e.enrollment_id = ANY($1::text[])
       UNION
       SELECT ${columns} FROM unnest($2::text[], $3::text[]) AS p(student_id, teacher_id)
         JOIN analytics_enrollments e ON e.student_id = p.student_id AND e.teacher_id = p.teacher_id`,
      [[...enrollmentIds], pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    for (const row of loaded) {
      enrollments.set(row.enrollment_id, row);
      byPair.get(pairKey(row.student_id, row.teacher_id) ?? '')?.push(row);
    }
  }
  const contacts = new Map<string, ContactRow>();
  if (contactIds.size > 0) {
    const loaded = await tx.query<ContactRow>(
      `SELECT contact_id, district_id, student_id, staff_id, enrollment_id, course_id, kind, at::text AS at, status, entered_in_error
         FROM analytics_contacts WHERE contact_id = ANY($1::text[])`,
      [[...contactIds]],
    );
    for (const row of loaded) contacts.set(row.contact_id, row);
  }
  const oldEnrollments = new Set(enrollments.keys());
  const oldContacts = new Set(contacts.keys());
  const changedEnrollments = new Set<string>();
  const changedContacts = new Set<string>();

  const insertContact = (id: string | null, district: string | null, studentId: string | null, staffId: string | null, enrollmentId: string | null,
    kind: string, at: string | null, status: string | null): void => {
    // A NULL id fails the insert: the per-event statements raise that error.
    if (id === null) throw new NotComparable();
    if (contacts.has(id)) return;
    const course = enrollmentId === null ? null : enrollments.get(enrollmentId)?.course_id ?? null;
    contacts.set(id, { contact_id: id, district_id: district, student_id: studentId, staff_id: staffId, enrollment_id: enrollmentId, course_id: course, kind, at, status, entered_in_error: false });
    if (kind !== 'sms_out') return;
    const key = pairKey(studentId, staffId);
    if (key === null || !lastText.has(key)) return;
    const us = micros(at);
    if (us === null) throw new NotComparable();
    const best = lastText.get(key);
    if (!best || us > best.us || (us === best.us && byteOrder(id, best.id) > 0)) lastText.set(key, { id, enrollment: enrollmentId, us });
  };
  const callEnrollment = (studentId: string | null, staffId: string | null): string | null => {
    let best: EnrollmentRow | null = null;
    for (const row of byPair.get(pairKey(studentId, staffId) ?? '') ?? []) {
      if ((row.ended_on !== null && !DATE.test(row.ended_on)) || (row.started_on !== null && !DATE.test(row.started_on))) throw new NotComparable();
      if (!best || before(row, best)) best = row;
    }
    return best?.enrollment_id ?? null;
  };

  try {
    for (const event of events) {
      const at = text(event.metadata.occurredAt);
      const district = text(event.metadata.actor.districtId);
      const e = { type: event.type, data: event.data } as StudentEvent;
      switch (e.type) {
        case 'EnrollmentStarted': {
          const d = e.data;
          const id = text(d.enrollmentId);
          if (id === null) throw new NotComparable();
          if (enrollments.has(id)) break;
          const row: EnrollmentRow = {
            enrollment_id: id, student_id: text(d.studentId), district_id: district, course_id: text(d.courseId), teacher_id: text(d.teacherId),
            started_on: text(d.startedOn), ended_on: null, pacing_status: null, behind_since: null,
          };
          enrollments.set(id, row);
          byPair.get(pairKey(row.student_id, row.teacher_id) ?? '')?.push(row);
          break;
        }
        case 'EnrollmentEnded': {
          const row = enrollments.get(text(e.data.enrollmentId) ?? '');
          if (!row) break;
          row.ended_on = text(e.data.endedOn);
          changedEnrollments.add(row.enrollment_id);
          break;
        }
        case 'EnrollmentPacingReported': {
          const row = enrollments.get(text(e.data.enrollmentId) ?? '');
          if (!row) break;
          const status = text(e.data.status);
          row.behind_since = status === 'behind' ? (row.pacing_status === 'behind' ? row.behind_since : text(e.data.asOf)) : null;
          row.pacing_status = status;
          changedEnrollments.add(row.enrollment_id);
          break;
        }
        case 'SmsQueued':
          insertContact(text(e.data.messageId), district, text(e.data.studentId), text(e.data.staffId), text(e.data.enrollmentId), 'sms_out', at, 'queued');
          break;
        case 'SmsSent':
        case 'SmsDelivered':
        case 'SmsFailed': {
          const row = contacts.get(text(e.data.messageId) ?? '');
          const status = e.type === 'SmsSent' ? 'sent' : e.type === 'SmsDelivered' ? 'delivered' : 'failed';
          if (!row || row.kind !== 'sms_out' || rank(row.status) >= rank(status)) break;
          row.status = status;
          changedContacts.add(row.contact_id);
          break;
        }
        case 'SmsCancelled': {
          const row = contacts.get(text(e.data.messageId) ?? '');
          if (!row || row.kind !== 'sms_out' || row.status !== 'queued') break;
          row.status = 'cancelled';
          changedContacts.add(row.contact_id);
          break;
        }
        case 'SmsReceived': {
          const s = text(e.data.studentId), t = text(e.data.staffId);
          const last = lastText.get(pairKey(s, t) ?? '');
          insertContact(text(e.data.messageId), district, s, t, last?.enrollment ?? null, 'sms_in', at, null);
          break;
        }
        case 'CallLogged': {
          const s = text(e.data.studentId), staff = text(e.data.authorId ?? event.metadata.actor.id);
          const enrollment = e.data.enrollmentId ? text(e.data.enrollmentId) : callEnrollment(s, staff);
          insertContact(text(e.data.callId), district, s, staff, enrollment, 'call', text(e.data.occurredAt) ?? at, text(e.data.outcome));
          break;
        }
        case 'EntryMarkedEnteredInError': {
          if (e.data.entryKind !== 'call') break;
          const row = contacts.get(text(e.data.entryId) ?? '');
          if (!row || row.kind !== 'call') break;
          row.entered_in_error = true;
          changedContacts.add(row.contact_id);
          break;
        }
        case 'SmsOptedOut':
          insertContact(event.id, district, text(e.data.studentId), null, null, 'opt_out', at, text(e.data.requestedBy));
          break;
        default:
          break;
      }
    }
  } catch (error) {
    if (error instanceof NotComparable) return false;
    throw error;
  }

  const newEnrollments = [...enrollments.values()].filter((r) => !oldEnrollments.has(r.enrollment_id));
  if (newEnrollments.length > 0) {
    const col = <K extends keyof EnrollmentRow>(k: K) => newEnrollments.map((r) => r[k]);
    await tx.query(
      `INSERT INTO analytics_enrollments (enrollment_id, student_id, district_id, course_id, teacher_id, started_on, ended_on, pacing_status, behind_since)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[], $8::text[], $9::timestamptz[])
       ON CONFLICT (enrollment_id) DO NOTHING`,
      [col('enrollment_id'), col('student_id'), col('district_id'), col('course_id'), col('teacher_id'), col('started_on'), col('ended_on'), col('pacing_status'), col('behind_since')],
    );
  }
  const updatedEnrollments = [...changedEnrollments].filter((id) => oldEnrollments.has(id)).map((id) => enrollments.get(id)!);
  if (updatedEnrollments.length > 0) {
    const col = <K extends keyof EnrollmentRow>(k: K) => updatedEnrollments.map((r) => r[k]);
    await tx.query(
      `UPDATE analytics_enrollments a SET ended_on = u.ended_on, pacing_status = u.pacing_status, behind_since = u.behind_since
         FROM unnest($1::text[], $2::date[], $3::text[], $4::timestamptz[]) AS u(enrollment_id, ended_on, pacing_status, behind_since)
        WHERE a.enrollment_id = u.enrollment_id`,
      [col('enrollment_id'), col('ended_on'), col('pacing_status'), col('behind_since')],
    );
  }
  const newContacts = [...contacts.values()].filter((r) => !oldContacts.has(r.contact_id));
  if (newContacts.length > 0) {
    const col = <K extends keyof ContactRow>(k: K) => newContacts.map((r) => r[k]);
    await tx.query(
      `INSERT INTO analytics_contacts (contact_id, district_id, student_id, staff_id, enrollment_id, course_id, kind, at, status, entered_in_error)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[], $10::boolean[])
       ON CONFLICT (contact_id) DO NOTHING`,
      [col('contact_id'), col('district_id'), col('student_id'), col('staff_id'), col('enrollment_id'), col('course_id'), col('kind'), col('at'), col('status'), col('entered_in_error')],
    );
  }
  const updatedContacts = [...changedContacts].filter((id) => oldContacts.has(id)).map((id) => contacts.get(id)!);
  if (updatedContacts.length > 0) {
    const col = <K extends keyof ContactRow>(k: K) => updatedContacts.map((r) => r[k]);
    await tx.query(
      `UPDATE analytics_contacts c SET status = u.status, entered_in_error = u.entered_in_error
         FROM unnest($1::text[], $2::text[], $3::boolean[]) AS u(contact_id, status, entered_in_error) WHERE c.contact_id = u.contact_id`,
      [col('contact_id'), col('status'), col('entered_in_error')],
    );
  }
  return true;
}

/** CALL_ENROLLMENT_ORDER: a comes before b (canonical dates compare as text; ids are unique). */
function before(a: EnrollmentRow, b: EnrollmentRow): boolean {
  if (a.ended_on !== b.ended_on) {
    if (a.ended_on === null) return true;
    if (b.ended_on === null) return false;
    return a.ended_on > b.ended_on;
  }
  if (a.started_on !== b.started_on) {
    if (a.started_on === null) return true;
    if (b.started_on === null) return false;
    return a.started_on > b.started_on;
  }
  return byteOrder(a.enrollment_id, b.enrollment_id) > 0;
}

/** COLLATE "C": the order of the UTF-8 bytes. */
function byteOrder(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
