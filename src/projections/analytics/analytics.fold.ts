import type { RecordedEvent } from '../../application/ports/event-store.port';
import { deliveryStatusRank } from '../../domain/student/delivery-status';
import type { StudentEvent } from '../../domain/student/student.events';
import { microsOf } from '../runner/instants';
import { sameRow, text } from '../runner/row-writer';
import { factKey, pairKey, type ContactFact, type EnrollmentFact, type LastText } from './analytics.rows';

/** Forward-only delivery status: the domain's delivery-status order (anything else, e.g. a call's outcome, counts as final). */
const rank = (status: string | null): number => deliveryStatusRank(status);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The rows an analytics batch reads, loaded by the keys its events name (analytics.writer.ts). */
export interface AnalyticsRows {
  /**
   * By factKey(district, enrollment id): the enrollments the events name, those of the texts in `lastTexts`, and every
   * enrollment of each (district, student, teacher) a call without an enrollment names.
   */
  enrollments: ReadonlyMap<string, EnrollmentFact>;
  /** By factKey(district, contact id). */
  contacts: ReadonlyMap<string, ContactFact>;
  /** By pairKey(district, student, staff member), for every pair a reply or a moved reply names: the latest text, or null. */
  lastTexts: ReadonlyMap<string, LastText | null>;
}

export interface AnalyticsChanges {
  enrollments: EnrollmentFact[];
  contacts: ContactFact[];
}

/** COLLATE "C": the order of the UTF-8 bytes. */
const byteOrder = (a: string, b: string): number =>
  a === b ? 0 : Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * A call without an enrollment belongs to the enrollment that ended last (a running one first), then started last,
 * ties broken by id (byte order): a comes before b. Dates compare as text, in PostgreSQL's form only.
 */
function before(a: EnrollmentFact, b: EnrollmentFact): boolean {
  for (const d of [a.ended_on, a.started_on, b.ended_on, b.started_on])
    if (d !== null && !DATE.test(d)) throw new Error('A date the read model cannot compare');
  if (a.ended_on !== b.ended_on) return a.ended_on === null || (b.ended_on !== null && a.ended_on > b.ended_on);
  if (a.started_on !== b.started_on)
    return a.started_on === null || (b.started_on !== null && a.started_on > b.started_on);
  return byteOrder(a.enrollment_id, b.enrollment_id) > 0;
}

/** The row of `map` an event names by `id`, in the event's district; none when it names no id. */
function named<R>(map: ReadonlyMap<string, R>, district: string | null, id: unknown): R | undefined {
  const t = text(id);
  return t === null ? undefined : map.get(factKey(district, t));
}

/** The rows of `after` that are new or differ from those of `before` (by key): what the writer writes. */
const changed = <R extends object>(before: ReadonlyMap<string, R>, after: ReadonlyMap<string, R>): R[] =>
  [...after].filter(([k, r]) => !before.has(k) || !sameRow(before.get(k)!, r)).map(([, r]) => r);

/**
 * The facts for the analytics views (who contacted which student, how, when, for which course, and what became of
 * it; no bodies, names or numbers) after `events` in log order, from `rows`: returns the rows that changed. Pure.
 * A reply belongs to the course of the latest text its staff member sent the student (LAST_TEXT_ORDER); a call
 * without an enrollment to the caller's enrollment with the student that ended last, a running one first
 * (before()). Both look-ups see the loaded rows and those the batch inserted before the event. Every key holds the
 * event's district (the one it acts for, as the roster's): the same ids in another district are other facts.
 */
export function foldAnalytics(rows: AnalyticsRows, events: readonly RecordedEvent[]): AnalyticsChanges {
  const enrollments = new Map([...rows.enrollments].map(([k, r]) => [k, { ...r }]));
  const contacts = new Map([...rows.contacts].map(([k, r]) => [k, { ...r }]));
  const lastTexts = new Map(rows.lastTexts);
  const byPair = new Map<string, EnrollmentFact[]>();
  const index = (row: EnrollmentFact) => {
    const key = pairKey(row.district_id, row.student_id, row.teacher_id);
    if (key === null) return;
    const list = byPair.get(key);
    if (list) list.push(row);
    else byPair.set(key, [row]);
  };
  enrollments.forEach(index);

  const insertContact = (
    id: string | null,
    row: Omit<ContactFact, 'contact_id' | 'course_id' | 'entered_in_error'>,
  ): void => {
    if (id === null) throw new Error('A contact without an id');
    if (contacts.has(factKey(row.district_id, id))) return;
    const course = named(enrollments, row.district_id, row.enrollment_id)?.course_id ?? null;
    contacts.set(factKey(row.district_id, id), { contact_id: id, ...row, course_id: course, entered_in_error: false });
    const key = pairKey(row.district_id, row.student_id, row.staff_id);
    if (row.kind !== 'sms_out' || key === null || !lastTexts.has(key) || row.at === null) return;
    const us = microsOf(row.at);
    const best = lastTexts.get(key);
    if (!best || us > best.us || (us === best.us && byteOrder(id, best.contact_id) > 0))
      lastTexts.set(key, { contact_id: id, enrollment_id: row.enrollment_id, us });
  };
  const callEnrollment = (district: string | null, studentId: string | null, staffId: string | null): string | null => {
    let best: EnrollmentFact | null = null;
    for (const row of byPair.get(pairKey(district, studentId, staffId) ?? '') ?? [])
      if (!best || before(row, best)) best = row;
    return best?.enrollment_id ?? null;
  };

  for (const event of events) {
    const at = text(event.metadata.occurredAt);
    const district = text(event.metadata.actor.districtId);
    const e = { type: event.type, data: event.data } as StudentEvent;
    switch (e.type) {
      case 'EnrollmentStarted': {
        const d = e.data;
        const id = text(d.enrollmentId);
        if (id === null) throw new Error('An enrollment without an id');
        if (enrollments.has(factKey(district, id))) break;
        const row: EnrollmentFact = {
          enrollment_id: id,
          student_id: text(d.studentId),
          district_id: district,
          course_id: text(d.courseId),
          teacher_id: text(d.teacherId),
          started_on: text(d.startedOn),
          ended_on: null,
          pacing_status: null,
          behind_since: null,
        };
        enrollments.set(factKey(district, id), row);
        index(row);
        break;
      }
      case 'EnrollmentEnded': {
        const row = named(enrollments, district, e.data.enrollmentId);
        if (row) row.ended_on = text(e.data.endedOn);
        break;
      }
      case 'EnrollmentPacingReported': {
        // "Behind since" is the first report of a run of "behind": later repeats do not reset the clock.
        const row = named(enrollments, district, e.data.enrollmentId);
        if (!row) break;
        const status = text(e.data.status);
        row.behind_since =
          status === 'behind' ? (row.pacing_status === 'behind' ? row.behind_since : text(e.data.asOf)) : null;
        row.pacing_status = status;
        break;
      }
      case 'SmsQueued':
        insertContact(text(e.data.messageId), {
          district_id: district,
          student_id: text(e.data.studentId),
          staff_id: text(e.data.staffId),
          enrollment_id: text(e.data.enrollmentId),
          kind: 'sms_out',
          at,
          status: 'queued',
        });
        break;
      case 'SmsSent':
      case 'SmsDelivered':
      case 'SmsFailed': {
        const row = named(contacts, district, e.data.messageId);
        const status = e.type === 'SmsSent' ? 'sent' : e.type === 'SmsDelivered' ? 'delivered' : 'failed';
        if (row && row.kind === 'sms_out' && rank(row.status) < rank(status)) row.status = status;
        break;
      }
      case 'SmsCancelled': {
        const row = named(contacts, district, e.data.messageId);
        if (row && row.kind === 'sms_out' && row.status === 'queued') row.status = 'cancelled';
        break;
      }
      case 'SmsReceived': {
        const s = text(e.data.studentId),
          t = text(e.data.staffId);
        const last = lastTexts.get(pairKey(district, s, t) ?? '');
        insertContact(text(e.data.messageId), {
          district_id: district,
          student_id: s,
          staff_id: t,
          enrollment_id: last?.enrollment_id ?? null,
          kind: 'sms_in',
          at,
          status: null,
        });
        break;
      }
      case 'InboundSmsMoved': {
        // The reply now answers the other staff member: it counts for them, in the course of their latest text.
        const row = named(contacts, district, e.data.messageId);
        if (!row || row.kind !== 'sms_in') break;
        const to = text(e.data.toStaffId);
        const enrollment = lastTexts.get(pairKey(district, text(e.data.studentId), to) ?? '')?.enrollment_id ?? null;
        Object.assign(row, {
          staff_id: to,
          enrollment_id: enrollment,
          course_id: named(enrollments, district, enrollment)?.course_id ?? null,
        });
        break;
      }
      case 'CallLogged': {
        const s = text(e.data.studentId),
          staff = text(e.data.authorId ?? event.metadata.actor.id);
        const enrollment = e.data.enrollmentId ? text(e.data.enrollmentId) : callEnrollment(district, s, staff);
        // A back-dated call counts when it happened (worklists: "not contacted in 7 days").
        insertContact(text(e.data.callId), {
          district_id: district,
          student_id: s,
          staff_id: staff,
          enrollment_id: enrollment,
          kind: 'call',
          at: text(e.data.occurredAt) ?? at,
          status: text(e.data.outcome),
        });
        break;
      }
      case 'EntryMarkedEnteredInError': {
        if (e.data.entryKind !== 'call') break;
        const row = named(contacts, district, e.data.entryId);
        if (row && row.kind === 'call') row.entered_in_error = true;
        break;
      }
      case 'SmsOptedOut':
        insertContact(event.id, {
          district_id: district,
          student_id: text(e.data.studentId),
          staff_id: null,
          enrollment_id: null,
          kind: 'opt_out',
          at,
          status: text(e.data.requestedBy),
        });
        break;
      default:
        break;
    }
  }
  return { enrollments: changed(rows.enrollments, enrollments), contacts: changed(rows.contacts, contacts) };
}
