import type { DistrictEvent, DistrictSmsPolicy } from '../district/district.events';
import { evolveDistrict, initialDistrictState } from '../district/district.state';
import { signOff } from '../shared/actor';
import { fold } from '../shared/decider';
import { studentSmsEligibility } from '../student/sms-eligibility';
import type { StudentEvent } from '../student/student.events';
import type { DeliveryStatus } from '../student/delivery-status';
import { evolveStudent, initialStudentState } from '../student/student.state';
import type {
  Correction,
  HistoricalEvent,
  RecordSnapshot,
  SnapshotEnrollment,
  SnapshotMessage,
} from './record-snapshot.types';

/** True when the event had happened by `asOf` (no asOf: everything). Judged by each event's own time. */
export const happenedBy = (event: HistoricalEvent, asOf: Date | null): boolean =>
  asOf === null || Date.parse(event.metadata.occurredAt) <= asOf.getTime();

const asEvent = <E>(e: HistoricalEvent): E => ({ type: e.type, data: e.data }) as E;

/** The district's SMS policy as it stood at `asOf` (the district stream's own fold): SMS Enabled then depends on it too. */
export function districtPolicyAsOf(events: readonly HistoricalEvent[], asOf: Date | null): DistrictSmsPolicy | null {
  const happened = events
    .filter((e) => e.type === 'DistrictSmsPolicySet' && happenedBy(e, asOf))
    .map((e) => asEvent<DistrictEvent>(e));
  return fold({ initialState: initialDistrictState, evolve: evolveDistrict }, happened).policy;
}

const correction = (e: HistoricalEvent, reason: string): Correction => ({
  at: e.metadata.occurredAt,
  by: signOff(e.metadata.actor),
  reason,
});

/**
 * Replays a student's stream up to a moment: contact, consent, SMS Enabled, enrollments, threads with each message's
 * status as it stood then, notes and calls with their corrections. Pure: the caller reads the streams.
 *
 * The record's rules come from the student's own fold (evolveStudent, the one every decision uses): the contact
 * details, consent, the flagged number, which enrollments are active and their pacing, and each text's status (its
 * order in delivery-status.ts). Beside it this replay keeps only what a decision never needs: when each thing
 * happened, the texts' words, the threads as they read, and the notes' and calls' history of corrections. Events
 * neither knows are skipped (they are still listed by the history).
 */
export function recordSnapshot(
  studentId: string,
  studentEvents: readonly HistoricalEvent[],
  district: DistrictSmsPolicy | null,
  asOf: Date | null,
): RecordSnapshot {
  const replay = new RecordReplay();
  for (const raw of studentEvents) if (happenedBy(raw, asOf)) replay.add(raw);
  return replay.snapshot(studentId, district, asOf);
}

/**
 * recordSnapshot one event at a time, for a reader that hands over the events as it reads them, already cut at the
 * moment (only those that had happened by then, in stream order): `add` each, then take the `snapshot`.
 */
export class RecordReplay {
  private readonly state = initialStudentState();
  private readonly story = new RecordStory();
  private lastEvent: RecordSnapshot['lastEvent'] = null;

  add(raw: HistoricalEvent): void {
    const { state } = this;
    this.lastEvent = { revision: raw.revision.toString(), occurredAt: raw.metadata.occurredAt };
    const e = asEvent<StudentEvent>(raw);
    const text = 'messageId' in e.data ? state.messages.get(e.data.messageId) : undefined;
    const before = text?.status;
    evolveStudent(state, e);
    // A text's status line moves when the fold moved its status, and with every retry that sent it on its way again.
    this.story.add(
      raw,
      e,
      text && (text.status !== before || (e.type === 'SmsRetryScheduled' && text.status === 'queued'))
        ? text.status
        : null,
    );
  }

  snapshot(studentId: string, district: DistrictSmsPolicy | null, asOf: Date | null): RecordSnapshot {
    const { state, story } = this;
    const profile = state.profile;
    const contact = profile
      ? (({ studentId: _id, username: _u, ...rest }) => ({ ...rest, listedContacts: [...rest.listedContacts] }))(
          profile,
        )
      : null;
    const eligibility = studentSmsEligibility(district, state, profile?.smsNumber ?? null);
    return {
      studentId,
      asOf: asOf?.toISOString() ?? null,
      lastEvent: this.lastEvent,
      contact,
      consent: { optedOut: state.optedOut, optOut: story.optOut },
      numberFlaggedInvalid: state.numberFlaggedInvalid !== null,
      sms: {
        enabled: profile !== null && eligibility.enabled,
        reason: eligibility.reason,
        explanation: eligibility.explanation,
        districtAllowsSms: district?.smsAllowed === true,
      },
      enrollments: story.enrollments.map((en) => ({
        ...en,
        active: state.enrollments.get(en.enrollmentId)?.active ?? false,
        pacing: state.pacing.get(en.enrollmentId) ?? null,
      })),
      threads: story.threads,
      unrouted: story.unrouted,
      notes: story.notes,
      calls: story.calls,
    };
  }
}

/** What the record's fold does not keep: times, words, threads as they read, corrections' history. */
class RecordStory {
  optOut: RecordSnapshot['consent']['optOut'] = null;
  readonly enrollments: Omit<SnapshotEnrollment, 'active' | 'pacing'>[] = [];
  readonly threads: RecordSnapshot['threads'] = [];
  readonly unrouted: RecordSnapshot['unrouted'] = [];
  readonly notes: RecordSnapshot['notes'] = [];
  readonly calls: RecordSnapshot['calls'] = [];
  private readonly messages = new Map<string, SnapshotMessage>();

  private thread(staffId: string): SnapshotMessage[] {
    let t = this.threads.find((x) => x.staffId === staffId);
    if (!t) this.threads.push((t = { staffId, messages: [] }));
    return t.messages;
  }

  /** `status`: the text's status after the event, when its status line moves (else null). */
  add(raw: HistoricalEvent, e: StudentEvent, status: DeliveryStatus | null): void {
    const at = raw.metadata.occurredAt;
    if (status !== null && 'messageId' in e.data) {
      const m = this.messages.get(e.data.messageId);
      if (m) {
        Object.assign(m, { status, statusAt: at });
        if (e.type === 'SmsFailed' || e.type === 'SmsRetryScheduled')
          Object.assign(m, { failureReason: e.data.reason, errorCode: e.data.errorCode });
      }
    }
    switch (e.type) {
      case 'SmsOptedOut':
        this.optOut = { at, requestedBy: e.data.requestedBy, note: e.data.note };
        return;
      case 'EnrollmentStarted': {
        const { studentId: _s, ...d } = e.data;
        this.enrollments.push({ ...d, endedOn: null });
        return;
      }
      case 'EnrollmentEnded': {
        const en = this.enrollments.find((x) => x.enrollmentId === e.data.enrollmentId);
        if (en) en.endedOn = e.data.endedOn;
        return;
      }
      case 'SmsQueued': {
        const m: SnapshotMessage = {
          messageId: e.data.messageId,
          direction: 'outbound',
          channel: 'sms',
          body: e.data.body,
          status: 'queued',
          failureReason: null,
          errorCode: null,
          enrollmentId: e.data.enrollmentId,
          scheduledFor: e.data.scheduledFor,
          createdAt: at,
          statusAt: at,
        };
        this.messages.set(m.messageId, m);
        this.thread(e.data.staffId).push(m);
        return;
      }
      case 'SmsReceived':
        this.thread(e.data.staffId).push({
          messageId: e.data.messageId,
          direction: 'inbound',
          channel: e.data.channel,
          body: e.data.body,
          status: 'received',
          failureReason: null,
          errorCode: null,
          enrollmentId: null,
          scheduledFor: null,
          createdAt: at,
          statusAt: at,
        });
        return;
      case 'InboundSmsMoved': {
        // As the threads show it: out of the first thread, into the one it was meant for.
        const from = this.threads.find((x) => x.staffId === e.data.fromStaffId);
        const index = from?.messages.findIndex((m) => m.messageId === e.data.messageId) ?? -1;
        if (from && index >= 0) this.thread(e.data.toStaffId).push(...from.messages.splice(index, 1));
        return;
      }
      case 'InboundSmsUnrouted':
        this.unrouted.push({ messageId: e.data.messageId, body: e.data.body, receivedAt: at });
        return;
      case 'NoteAdded':
        this.notes.push({
          noteId: e.data.noteId,
          body: e.data.body,
          authorId: e.data.authorId ?? raw.metadata.actor.id,
          addedAt: at,
          amendments: [],
          enteredInError: null,
        });
        return;
      case 'NoteAmended':
        this.notes
          .find((n) => n.noteId === e.data.noteId)
          ?.amendments.push({ ...correction(raw, e.data.reason), body: e.data.body });
        return;
      case 'CallLogged': {
        const { studentId: _s, authorId, ...call } = e.data;
        this.calls.push({ ...call, authorId: authorId ?? raw.metadata.actor.id, loggedAt: at, enteredInError: null });
        return;
      }
      case 'EntryMarkedEnteredInError': {
        const list: { enteredInError: Correction | null }[] =
          e.data.entryKind === 'note'
            ? this.notes.filter((n) => n.noteId === e.data.entryId)
            : this.calls.filter((c) => c.callId === e.data.entryId);
        for (const entry of list) entry.enteredInError = correction(raw, e.data.reason);
        return;
      }
      default:
        return;
    }
  }
}
