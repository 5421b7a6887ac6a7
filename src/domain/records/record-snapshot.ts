import type { DistrictSmsPolicy } from '../district/district.events';
import { smsEligibility } from '../student/sms-eligibility';
import type { StudentEvent } from '../student/student.events';
import { deliveryStatusAdvances, REPORTED_STATUS } from '../student/delivery-status';
import type { Correction, HistoricalEvent, RecordSnapshot, SnapshotMessage } from './record-snapshot.types';
import { signOff } from '../shared/actor';

/** True when the event had happened by `asOf` (no asOf: everything). Judged by each event's own time. */
export const happenedBy = (event: HistoricalEvent, asOf: Date | null): boolean => asOf === null || Date.parse(event.metadata.occurredAt) <= asOf.getTime();

/** The district's SMS policy as it stood at `asOf`: SMS Enabled then depends on it too. */
export function districtPolicyAsOf(events: readonly HistoricalEvent[], asOf: Date | null): DistrictSmsPolicy | null {
  let policy: DistrictSmsPolicy | null = null;
  for (const e of events) if (e.type === 'DistrictSmsPolicySet' && happenedBy(e, asOf)) policy = e.data as DistrictSmsPolicy;
  return policy;
}

const correction = (e: HistoricalEvent, reason: string): Correction => ({ at: e.metadata.occurredAt, by: signOff(e.metadata.actor), reason });

/**
 * Replays a student's stream up to a moment: contact, consent, SMS Enabled, enrollments, threads with each message's
 * status as it stood then, notes and calls with their corrections. Pure: the caller reads the streams. Events this
 * fold does not know are skipped (they are still listed by the history).
 */
export function recordSnapshot(studentId: string, studentEvents: readonly HistoricalEvent[], district: DistrictSmsPolicy | null, asOf: Date | null): RecordSnapshot {
  const snap: RecordSnapshot = {
    studentId, asOf: asOf?.toISOString() ?? null, lastEvent: null, contact: null,
    consent: { optedOut: false, optOut: null }, numberFlaggedInvalid: false, sms: { enabled: false, reason: null, explanation: null, districtAllowsSms: district?.smsAllowed === true },
    enrollments: [], threads: [], unrouted: [], notes: [], calls: [],
  };
  const messages = new Map<string, SnapshotMessage>();
  const thread = (staffId: string) => {
    let t = snap.threads.find((x) => x.staffId === staffId);
    if (!t) snap.threads.push((t = { staffId, messages: [] }));
    return t;
  };
  for (const raw of studentEvents) {
    if (!happenedBy(raw, asOf)) continue;
    snap.lastEvent = { revision: raw.revision.toString(), occurredAt: raw.metadata.occurredAt };
    const at = raw.metadata.occurredAt;
    const e = { type: raw.type, data: raw.data } as StudentEvent;
    switch (e.type) {
      case 'StudentRegistered': {
        const { studentId: _id, username: _u, ...profile } = e.data;
        snap.contact = { ...profile, listedContacts: [...profile.listedContacts] };
        break;
      }
      case 'ContactUpdated':
        if (snap.contact) snap.contact = { ...snap.contact, ...e.data.changes };
        if (e.data.changes.smsNumber) snap.consent = { optedOut: false, optOut: snap.consent.optOut };
        if (e.data.changes.smsNumber !== undefined) snap.numberFlaggedInvalid = false;
        break;
      case 'StudentRecordCorrected':
        // The username is not part of the snapshot's contact (it never was): the rest of a correction is.
        if (snap.contact) {
          const { username: _u, ...corrected } = e.data.correctedValues;
          snap.contact = { ...snap.contact, ...corrected };
        }
        break;
      case 'SmsConsentRestored':
        snap.consent = { optedOut: false, optOut: snap.consent.optOut };
        break;
      case 'SmsNumberFlaggedInvalid':
        snap.numberFlaggedInvalid = true;
        break;
      case 'SmsOptedOut':
        snap.consent = { optedOut: true, optOut: { at, requestedBy: e.data.requestedBy, note: e.data.note } };
        if (snap.contact) snap.contact = { ...snap.contact, smsNumber: null };
        break;
      case 'EnrollmentStarted': {
        const { studentId: _s, ...d } = e.data;
        snap.enrollments.push({ ...d, active: true, endedOn: null, pacing: null });
        break;
      }
      case 'EnrollmentEnded': {
        const en = snap.enrollments.find((x) => x.enrollmentId === e.data.enrollmentId);
        if (en) Object.assign(en, { active: false, endedOn: e.data.endedOn });
        break;
      }
      case 'EnrollmentPacingReported': {
        const en = snap.enrollments.find((x) => x.enrollmentId === e.data.enrollmentId);
        if (en) en.pacing = { status: e.data.status, asOf: e.data.asOf };
        break;
      }
      case 'SmsQueued': {
        const m: SnapshotMessage = {
          messageId: e.data.messageId, direction: 'outbound', channel: 'sms', body: e.data.body, status: 'queued', failureReason: null, errorCode: null,
          enrollmentId: e.data.enrollmentId, scheduledFor: e.data.scheduledFor, createdAt: at, statusAt: at,
        };
        messages.set(m.messageId, m);
        thread(e.data.staffId).messages.push(m);
        break;
      }
      case 'SmsSent':
      case 'SmsDelivered':
      case 'SmsFailed': {
        const m = messages.get(e.data.messageId);
        const next = REPORTED_STATUS[e.type];
        if (!m || !deliveryStatusAdvances(m.status, next)) break;
        Object.assign(m, { status: next, statusAt: at }, e.type === 'SmsFailed' ? { failureReason: e.data.reason, errorCode: e.data.errorCode } : {});
        break;
      }
      case 'SmsRetryScheduled': {
        // As the domain does: a retry sends the text on its way again.
        const m = messages.get(e.data.messageId);
        if (m && m.status !== 'delivered' && m.status !== 'cancelled') Object.assign(m, { status: 'queued', statusAt: at, failureReason: e.data.reason, errorCode: e.data.errorCode });
        break;
      }
      case 'SmsCancelled': {
        const m = messages.get(e.data.messageId);
        if (m?.status === 'queued') Object.assign(m, { status: 'cancelled', statusAt: at });
        break;
      }
      case 'SmsReceived':
        thread(e.data.staffId).messages.push({ messageId: e.data.messageId, direction: 'inbound', channel: e.data.channel, body: e.data.body, status: 'received', failureReason: null, errorCode: null, enrollmentId: null, scheduledFor: null, createdAt: at, statusAt: at });
        break;
      case 'InboundSmsMoved': {
        // As the threads show it: out of the first thread, into the one it was meant for.
        const from = snap.threads.find((x) => x.staffId === e.data.fromStaffId);
        const index = from?.messages.findIndex((m) => m.messageId === e.data.messageId) ?? -1;
        if (from && index >= 0) thread(e.data.toStaffId).messages.push(...from.messages.splice(index, 1));
        break;
      }
      case 'InboundSmsUnrouted':
        snap.unrouted.push({ messageId: e.data.messageId, body: e.data.body, receivedAt: at });
        break;
      case 'NoteAdded':
        snap.notes.push({ noteId: e.data.noteId, body: e.data.body, authorId: e.data.authorId ?? raw.metadata.actor.id, addedAt: at, amendments: [], enteredInError: null });
        break;
      case 'NoteAmended':
        snap.notes.find((n) => n.noteId === e.data.noteId)?.amendments.push({ ...correction(raw, e.data.reason), body: e.data.body });
        break;
      case 'CallLogged': {
        const { studentId: _s, authorId, ...call } = e.data;
        snap.calls.push({ ...call, authorId: authorId ?? raw.metadata.actor.id, loggedAt: at, enteredInError: null });
        break;
      }
      case 'EntryMarkedEnteredInError': {
        const list: { enteredInError: Correction | null }[] = e.data.entryKind === 'note'
          ? snap.notes.filter((n) => n.noteId === e.data.entryId)
          : snap.calls.filter((c) => c.callId === e.data.entryId);
        for (const entry of list) entry.enteredInError = correction(raw, e.data.reason);
        break;
      }
      default:
        break;
    }
  }
  const eligibility = smsEligibility(district, { optedOut: snap.consent.optedOut, smsNumber: snap.contact?.smsNumber ?? null, numberFlaggedInvalid: snap.numberFlaggedInvalid });
  snap.sms = { enabled: snap.contact !== null && eligibility.enabled, reason: eligibility.reason, explanation: eligibility.explanation, districtAllowsSms: district?.smsAllowed === true };
  return snap;
}
