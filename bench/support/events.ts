/**
 * Realistic student histories in the domain's own event shapes (StudentRegistered, EnrollmentStarted, SmsQueued,
 * SmsSendAttempted, SmsSent, SmsDelivered, SmsReceived, NoteAdded, CallLogged), so replays, folds and rebuilds
 * do the same work they do in production. Metadata is completed (occurredAt) where the event lands in the log.
 */
import type { DistrictSmsPolicySet } from '../../src/domain/district/district.events';
import type { Actor } from '../../src/domain/shared/actor';
import type { StudentEvent } from '../../src/domain/student/student.events';
import {
  courseOf,
  districtId,
  districtOfStudent,
  enrollmentId,
  eventCountOf,
  smsNumberOf,
  studentId,
  teacherId,
  teacherInitials,
  teacherName,
  teachersOfStudent,
  type DatasetPlan,
} from './dataset';
import { random } from './stats';

export interface PlannedEvent {
  streamId: string;
  type: string;
  data: unknown;
  actor: Actor;
  command: string;
  correlationId: string;
  causationId: string;
}

/** Deterministic UUID-shaped ids: `kind` keeps event ids, message ids, notes... apart. */
export function seqUuid(kind: number, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

const ID_EVENT = 0xe0;
const ID_OTHER = 0xa0;
let otherIds = 0;
const nextId = (): string => seqUuid(ID_OTHER, otherIds++);

export const eventUuid = (n: number): string => seqUuid(ID_EVENT, n);

const BODIES = [
  'Reminder: the unit 3 quiz is open until Friday. Reply here if you have questions.',
  'Great work on the last assignment! The next module unlocks Monday.',
  'Checking in: are you able to log in to class this week?',
  'Office hours are Tuesday 3-4 PM in the class meeting room link on the course page.',
];
const REPLIES = ['Thanks, will do!', 'I had trouble logging in, can you help?', 'OK', 'Yes I will finish it tonight'];

const teacherActor = (plan: DatasetPlan, t: number): Actor => ({
  id: teacherId(t),
  role: 'teacher',
  districtId: districtId(t % plan.districts),
  initials: teacherInitials(t),
  name: teacherName(t),
});
const systemActor = (d: string): Actor => ({
  id: 'system:dispatcher:simulator',
  role: 'system',
  districtId: d,
  initials: 'auto',
});

export function districtPolicyEvents(plan: DatasetPlan): PlannedEvent[] {
  const out: PlannedEvent[] = [];
  for (let d = 0; d < plan.districts; d++) {
    const data: DistrictSmsPolicySet['data'] = {
      districtId: districtId(d),
      smsAllowed: true,
      timeZone: 'America/Chicago',
      quietHours: { start: '08:00', end: '21:00' },
      allowedLinkHosts: ['school.org'],
    };
    const corr = nextId();
    out.push({
      streamId: `district-${districtId(d)}`,
      type: 'DistrictSmsPolicySet',
      data,
      actor: { id: 'admin-1', role: 'school_admin', districtId: districtId(d) },
      command: 'SetDistrictSmsPolicy',
      correlationId: corr,
      causationId: corr,
    });
  }
  return out;
}

/** Exactly eventCountOf(plan, i) events of student i, in stream order. */
export function studentEvents(plan: DatasetPlan, i: number): PlannedEvent[] {
  const n = eventCountOf(plan, i);
  const rnd = random(i + 1);
  const sid = studentId(i);
  const streamId = `student-${sid}`;
  const d = districtId(districtOfStudent(plan, i));
  const [ta, tb] = teachersOfStudent(plan, i);
  const out: PlannedEvent[] = [];
  const push = (
    e: StudentEvent,
    actor: Actor,
    command: string,
    correlationId = nextId(),
    causationId = correlationId,
  ): void => {
    if (out.length < n) out.push({ streamId, type: e.type, data: e.data, actor, command, correlationId, causationId });
  };
  const registrar: Actor = { id: 'registrar-1', role: 'registrar', districtId: d, initials: 'R.Office' };
  push(
    {
      type: 'StudentRegistered',
      data: {
        studentId: sid,
        districtId: d,
        firstName: ['Sarah', 'Miguel', 'Aisha', 'Ethan', 'Mei', 'Jonah'][i % 6]!,
        lastName: `Student${i}`,
        preferredName: i % 5 === 0 ? 'Sam' : null,
        dateOfBirth: '2009-04-17',
        address: `${100 + (i % 900)} Maple Avenue, Springfield, IL 62704`,
        username: `stu${i}`,
        smsNumber: smsNumberOf(i),
        timeZone: 'America/Chicago',
        listedContacts: [{ name: 'Pat Guardian', relationship: 'guardian', phone: '+12015550199' }],
      },
    },
    registrar,
    'RegisterStudent',
  );
  const sis: Actor = { id: 'sis-1', role: 'sis', districtId: d };
  const enrollments =
    n > 6
      ? ([
          [1, ta],
          [2, tb],
        ] as const)
      : ([[1, ta]] as const);
  for (const [k, t] of enrollments) {
    push(
      {
        type: 'EnrollmentStarted',
        data: {
          studentId: sid,
          enrollmentId: enrollmentId(i, k),
          ...courseOf(t, k),
          teacherId: teacherId(t),
          teacherName: teacherName(t),
          startedOn: '2025-08-25',
        },
      },
      sis,
      'StartEnrollment',
    );
  }
  let texted: number | null = null;
  while (out.length < n) {
    const left = n - out.length;
    const roll = rnd();
    const k = rnd() < 0.5 || enrollments.length === 1 ? 1 : 2;
    const t = k === 1 ? ta : tb;
    const teacher = teacherActor(plan, t);
    if (left >= 2 && (roll < 0.7 || texted === null)) {
      // One text and what the dispatcher and the provider report about it (cut short only at the very end).
      const messageId = nextId();
      const corr = nextId();
      push(
        {
          type: 'SmsQueued',
          data: {
            studentId: sid,
            messageId,
            enrollmentId: enrollmentId(i, k),
            staffId: teacher.id,
            to: smsNumberOf(i),
            body: BODIES[out.length % BODIES.length]!,
            idempotencyKey: `seed-${messageId}`,
            scheduledFor: null,
          },
        },
        teacher,
        'SendSms',
        corr,
      );
      const sys = systemActor(d);
      if (left >= 4)
        push(
          { type: 'SmsSendAttempted', data: { studentId: sid, messageId, attempt: 1 } },
          sys,
          'RecordSendAttempt',
          corr,
        );
      const providerMessageId = `SM${messageId.replace(/-/g, '')}`;
      push(
        { type: 'SmsSent', data: { studentId: sid, messageId, providerMessageId } },
        sys,
        'RecordDeliveryStatus',
        corr,
      );
      if (left >= 4)
        push(
          { type: 'SmsDelivered', data: { studentId: sid, messageId, providerMessageId } },
          sys,
          'RecordDeliveryStatus',
          corr,
        );
      texted = t;
    } else if (roll < 0.82 && texted !== null) {
      push(
        {
          type: 'SmsReceived',
          data: {
            studentId: sid,
            messageId: nextId(),
            staffId: teacherId(texted),
            body: REPLIES[out.length % REPLIES.length]!,
            channel: 'sms',
            providerMessageId: `SM${nextId().replace(/-/g, '')}`,
          },
        },
        systemActor(d),
        'ReceiveInboundSms',
      );
    } else if (roll < 0.91) {
      push(
        {
          type: 'NoteAdded',
          data: {
            studentId: sid,
            noteId: nextId(),
            body: 'Discussed pacing plan with student; follow up next week.',
            authorId: teacher.id,
          },
        },
        teacher,
        'AddNote',
      );
    } else {
      push(
        {
          type: 'CallLogged',
          data: {
            studentId: sid,
            callId: nextId(),
            direction: 'outbound',
            party: 'guardian',
            outcome: 'connected',
            durationSeconds: 240,
            notes: 'Guardian will help with the login.',
            enrollmentId: enrollmentId(i, k),
            authorId: teacher.id,
          },
        },
        teacher,
        'LogCall',
      );
    }
  }
  return out;
}
