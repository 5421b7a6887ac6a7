import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { StudentEvent } from '../../domain/student/student.events';
import type { SqlTx } from '../runner/projection';
import { loadSets, tableWrite, text, writeTables } from '../runner/row-writer';
import { foldAnalytics } from './analytics.fold';
import {
  CONTACT_FACTS,
  ENROLLMENT_FACTS,
  pairKey,
  SELECT_CONTACT_FACT,
  SELECT_ENROLLMENT_FACT,
  type ContactFact,
  type EnrollmentFact,
  type LastText,
} from './analytics.rows';
import { LAST_TEXT_ORDER } from './analytics.sql';

/** The keys a batch's events name: contacts and enrollments by id, the (student, staff) pairs of replies and of calls without an enrollment. */
function keysOf(events: readonly RecordedEvent[]) {
  const contactIds = new Set<string>();
  const enrollmentIds = new Set<string>();
  const replyPairs = new Map<string, [string, string]>();
  const callPairs = new Map<string, [string, string]>();
  const add = (set: Set<string>, v: unknown) => {
    const t = text(v);
    if (t !== null) set.add(t);
  };
  const pair = (map: Map<string, [string, string]>, a: unknown, b: unknown) => {
    const s = text(a),
      t = text(b),
      key = pairKey(s, t);
    if (key !== null) map.set(key, [s!, t!]);
  };
  for (const event of events) {
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
        contactIds.add(event.id);
        break;
      default:
        break;
    }
  }
  return { contactIds, enrollmentIds, replyPairs, callPairs };
}

/**
 * The analytics facts' set-based writer: loads what the batch's events name in one round trip (each reply's latest
 * text, as LAST_TEXT_ORDER picks it; the enrollments named, those of these texts and every one of each (student,
 * teacher) a call without an enrollment names; the contacts), folds the events into them (analytics.fold.ts) and
 * writes what changed: one statement.
 */
export async function writeAnalytics(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
  const { contactIds, enrollmentIds, replyPairs, callPairs } = keysOf(events);
  if (contactIds.size + enrollmentIds.size + replyPairs.size + callPairs.size === 0) return;
  const replies = [...replyPairs.values()];
  const calls = [...callPairs.values()];
  // The enrollments by two index look-ups joined by UNION (rows found both ways once): with OR between them
  // PostgreSQL cannot use either index and read the whole table for every batch (about 30 ms a batch at 200,000).
  const loaded = await loadSets<{
    lastTexts: (LastText & { student_id: string; staff_id: string })[];
    enrollments: EnrollmentFact[];
    contacts: ContactFact[];
  }>(
    tx,
    `WITH l AS (SELECT p.student_id, p.staff_id, l.contact_id, l.enrollment_id, l.us FROM unnest($1::text[], $2::text[]) AS p(student_id, staff_id)
                  CROSS JOIN LATERAL (SELECT contact_id, enrollment_id, (extract(epoch FROM at) * 1000000)::bigint AS us FROM analytics_contacts c
                                       WHERE c.student_id = p.student_id AND c.staff_id = p.staff_id AND c.kind = 'sms_out' ORDER BY ${LAST_TEXT_ORDER} LIMIT 1) l),
          e AS (SELECT ${SELECT_ENROLLMENT_FACT} FROM analytics_enrollments e WHERE e.enrollment_id IN (SELECT unnest($3::text[]) UNION SELECT enrollment_id FROM l)
                UNION
                SELECT ${SELECT_ENROLLMENT_FACT} FROM unnest($4::text[], $5::text[]) AS p(student_id, teacher_id)
                  JOIN analytics_enrollments e ON e.student_id = p.student_id AND e.teacher_id = p.teacher_id),
          c AS (SELECT ${SELECT_CONTACT_FACT} FROM analytics_contacts WHERE contact_id = ANY($6::text[]))
     SELECT (SELECT json_agg(l) FROM l) AS "lastTexts", (SELECT json_agg(e) FROM e) AS enrollments, (SELECT json_agg(c) FROM c) AS contacts`,
    [
      replies.map((p) => p[0]),
      replies.map((p) => p[1]),
      [...enrollmentIds],
      calls.map((p) => p[0]),
      calls.map((p) => p[1]),
      [...contactIds],
    ],
  );
  const lastTexts = new Map<string, LastText | null>([...replyPairs.keys()].map((k) => [k, null]));
  for (const r of loaded.lastTexts)
    lastTexts.set(pairKey(r.student_id, r.staff_id)!, {
      contact_id: r.contact_id,
      enrollment_id: r.enrollment_id,
      us: Number(r.us),
    });
  const enrollments = new Map(loaded.enrollments.map((r) => [r.enrollment_id, r]));
  const contacts = new Map(loaded.contacts.map((r) => [r.contact_id, r]));
  const changes = foldAnalytics({ enrollments, contacts, lastTexts }, events);
  await writeTables(tx, [
    tableWrite(ENROLLMENT_FACTS, { upserts: changes.enrollments, loaded: (r) => enrollments.has(r.enrollment_id) }),
    tableWrite(CONTACT_FACTS, { upserts: changes.contacts, loaded: (r) => contacts.has(r.contact_id) }),
  ]);
}
