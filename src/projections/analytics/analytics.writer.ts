import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { StudentEvent } from '../../domain/student/student.events';
import type { SqlTx } from '../runner/projection';
import { loadSets, tableWrite, text, writeTables } from '../runner/row-writer';
import { foldAnalytics } from './analytics.fold';
import {
  CONTACT_FACTS,
  ENROLLMENT_FACTS,
  factKey,
  pairKey,
  SELECT_CONTACT_FACT,
  SELECT_ENROLLMENT_FACT,
  type ContactFact,
  type EnrollmentFact,
  type LastText,
} from './analytics.rows';
import { LAST_TEXT_ORDER } from './analytics.sql';

type Ids = Map<string, [district: string, id: string]>;
type Pairs = Map<string, [district: string, a: string, b: string]>;

/**
 * The keys a batch's events name, each in the event's district (the fold's: the one it acts for): contacts and
 * enrollments by id, the (student, staff) pairs of replies and of calls without an enrollment.
 */
function keysOf(events: readonly RecordedEvent[]) {
  const contactIds: Ids = new Map();
  const enrollmentIds: Ids = new Map();
  const replyPairs: Pairs = new Map();
  const callPairs: Pairs = new Map();
  let district: string | null = null;
  const add = (map: Ids, v: unknown) => {
    const id = text(v);
    if (district !== null && id !== null) map.set(factKey(district, id), [district, id]);
  };
  const pair = (map: Pairs, a: unknown, b: unknown) => {
    const s = text(a),
      t = text(b),
      key = pairKey(district, s, t);
    if (key !== null) map.set(key, [district!, s!, t!]);
  };
  for (const event of events) {
    district = text(event.metadata.actor.districtId);
    const e = { type: event.type, data: event.data } as StudentEvent;
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
      case 'SmsReceived':
        add(contactIds, e.data.messageId);
        pair(replyPairs, e.data.studentId, e.data.staffId);
        break;
      case 'InboundSmsMoved':
        add(contactIds, e.data.messageId);
        pair(replyPairs, e.data.studentId, e.data.toStaffId);
        break;
      case 'CallLogged':
        add(contactIds, e.data.callId);
        if (e.data.enrollmentId) add(enrollmentIds, e.data.enrollmentId);
        else pair(callPairs, e.data.studentId, e.data.authorId ?? event.metadata.actor.id);
        break;
      case 'EntryMarkedEnteredInError':
        if (e.data.entryKind === 'call') add(contactIds, e.data.entryId);
        break;
      case 'SmsOptedOut':
        add(contactIds, event.id);
        break;
      default:
        break;
    }
  }
  return { contactIds, enrollmentIds, replyPairs, callPairs };
}

/** The columns of keys, one array per part: what unnest() reads back as rows. */
const columns = <T extends readonly string[]>(keys: Map<string, T>, parts: number): string[][] =>
  Array.from({ length: parts }, (_, i) => [...keys.values()].map((k) => k[i]!));

/**
 * The analytics facts' set-based writer: loads what the batch's events name in one round trip, every look-up within
 * the event's district (each reply's latest text, as LAST_TEXT_ORDER picks it; the enrollments named, those of these
 * texts and every one of each (student, teacher) a call without an enrollment names; the contacts), folds the events
 * into them (analytics.fold.ts) and writes what changed: one statement.
 */
export async function writeAnalytics(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
  const { contactIds, enrollmentIds, replyPairs, callPairs } = keysOf(events);
  if (contactIds.size + enrollmentIds.size + replyPairs.size + callPairs.size === 0) return;
  // The enrollments by two index look-ups joined by UNION (rows found both ways once): with OR between them
  // PostgreSQL cannot use either index and read the whole table for every batch (about 30 ms a batch at 200,000).
  const loaded = await loadSets<{
    lastTexts: (LastText & { district_id: string; student_id: string; staff_id: string })[];
    enrollments: EnrollmentFact[];
    contacts: ContactFact[];
  }>(
    tx,
    `WITH l AS (SELECT p.district_id, p.student_id, p.staff_id, l.contact_id, l.enrollment_id, l.us
                  FROM unnest($1::text[], $2::text[], $3::text[]) AS p(district_id, student_id, staff_id)
                  CROSS JOIN LATERAL (SELECT contact_id, enrollment_id, (extract(epoch FROM at) * 1000000)::bigint AS us FROM analytics_contacts c
                                       WHERE c.district_id = p.district_id AND c.student_id = p.student_id AND c.staff_id = p.staff_id AND c.kind = 'sms_out'
                                       ORDER BY ${LAST_TEXT_ORDER} LIMIT 1) l),
          e AS (SELECT ${SELECT_ENROLLMENT_FACT} FROM analytics_enrollments e
                 WHERE (e.district_id, e.enrollment_id) IN (SELECT * FROM unnest($4::text[], $5::text[]) UNION SELECT district_id, enrollment_id FROM l)
                UNION
                SELECT ${SELECT_ENROLLMENT_FACT} FROM unnest($6::text[], $7::text[], $8::text[]) AS p(district_id, student_id, teacher_id)
                  JOIN analytics_enrollments e ON e.district_id = p.district_id AND e.student_id = p.student_id AND e.teacher_id = p.teacher_id),
          c AS (SELECT ${SELECT_CONTACT_FACT} FROM analytics_contacts WHERE (district_id, contact_id) IN (SELECT * FROM unnest($9::text[], $10::text[])))
     SELECT (SELECT json_agg(l) FROM l) AS "lastTexts", (SELECT json_agg(e) FROM e) AS enrollments, (SELECT json_agg(c) FROM c) AS contacts`,
    [...columns(replyPairs, 3), ...columns(enrollmentIds, 2), ...columns(callPairs, 3), ...columns(contactIds, 2)],
  );
  const lastTexts = new Map<string, LastText | null>([...replyPairs.keys()].map((k) => [k, null]));
  for (const r of loaded.lastTexts)
    lastTexts.set(pairKey(r.district_id, r.student_id, r.staff_id)!, {
      contact_id: r.contact_id,
      enrollment_id: r.enrollment_id,
      us: Number(r.us),
    });
  const enrollments = new Map(loaded.enrollments.map((r) => [factKey(r.district_id, r.enrollment_id), r]));
  const contacts = new Map(loaded.contacts.map((r) => [factKey(r.district_id, r.contact_id), r]));
  const changes = foldAnalytics({ enrollments, contacts, lastTexts }, events);
  await writeTables(tx, [
    tableWrite(ENROLLMENT_FACTS, {
      upserts: changes.enrollments,
      loaded: (r) => enrollments.has(factKey(r.district_id, r.enrollment_id)),
    }),
    tableWrite(CONTACT_FACTS, {
      upserts: changes.contacts,
      loaded: (r) => contacts.has(factKey(r.district_id, r.contact_id)),
    }),
  ]);
}
