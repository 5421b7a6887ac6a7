import { foldAnalytics, type AnalyticsRows } from '../../../src/projections/analytics/analytics.fold';
import {
  factKey,
  pairKey,
  type ContactFact,
  type EnrollmentFact,
} from '../../../src/projections/analytics/analytics.rows';
import { byKey, given, type Given } from './given';

const none: AnalyticsRows = { enrollments: new Map(), contacts: new Map(), lastTexts: new Map() };
/** The rows' keys as the writer hands them to the fold. */
const enrollmentKey = (e: EnrollmentFact) => factKey(e.district_id, e.enrollment_id);
const contactKey = (c: ContactFact) => factKey(c.district_id, c.contact_id);
const enrollment = (id: string, over: Partial<EnrollmentFact> = {}): EnrollmentFact => ({
  enrollment_id: id,
  student_id: 'a',
  district_id: 'd1',
  course_id: `course-${id}`,
  teacher_id: 't1',
  started_on: '2026-09-01',
  ended_on: null,
  pacing_status: null,
  behind_since: null,
  ...over,
});
const queued = (id: string, enrollmentId: string, at: string, staffId = 't1'): Given => [
  'student-a',
  'SmsQueued',
  {
    studentId: 'a',
    messageId: id,
    enrollmentId,
    staffId,
    to: '+1',
    body: 'Hi',
    idempotencyKey: id,
    scheduledFor: null,
  },
  { actor: staffId, at },
];
const reply = (id: string, staffId = 't1'): Given => [
  'student-a',
  'SmsReceived',
  { studentId: 'a', messageId: id, staffId, body: 'ok', channel: 'sms', providerMessageId: null },
  { actor: 'system' },
];
/** Mrs. T's call c1 to student a, for no enrollment in particular. */
const callWithoutEnrollment = (stream = 'student-a', options: NonNullable<Given[3]> = {}): Given => [
  stream,
  'CallLogged',
  {
    studentId: 'a',
    callId: 'c1',
    direction: 'outbound',
    party: 'guardian',
    outcome: 'connected',
    durationSeconds: 60,
    notes: null,
    enrollmentId: null,
    authorId: 't1',
  },
  options,
];

describe('analytics fold: given events, then rows', () => {
  it('a reply belongs to the course of the latest text its staff member sent: the stored one or a later one of the batch', () => {
    const rows: AnalyticsRows = {
      ...none,
      enrollments: byKey(enrollmentKey, enrollment('e1'), enrollment('e2')),
      lastTexts: new Map([
        [pairKey('d1', 'a', 't1')!, { contact_id: 'old', enrollment_id: 'e1', us: Date.UTC(2026, 8, 1, 12) * 1000 }],
      ]),
    };
    const contacts = (events: Given[]) =>
      foldAnalytics(rows, given(...events))
        .contacts.filter((c) => c.kind === 'sms_in')
        .map((c) => [c.enrollment_id, c.course_id]);
    expect(contacts([reply('r1')])).toEqual([['e1', 'course-e1']]);
    expect(contacts([queued('m2', 'e2', '2026-09-01T13:00:00+00:00'), reply('r1')])).toEqual([['e2', 'course-e2']]);
    // An older text queued later in the log does not become the latest.
    expect(contacts([queued('m2', 'e2', '2026-09-01T11:00:00.000Z'), reply('r1')])).toEqual([['e1', 'course-e1']]);
  });

  it('a call without an enrollment counts for the caller’s enrollment that ended last, a running one first', () => {
    const call = callWithoutEnrollment();
    const rows = (...e: EnrollmentFact[]): AnalyticsRows => ({
      ...none,
      enrollments: byKey(enrollmentKey, ...e),
    });
    const of = (r: AnalyticsRows) => foldAnalytics(r, given(call)).contacts[0]!.enrollment_id;
    expect(of(rows(enrollment('e1', { ended_on: '2026-10-01' }), enrollment('e2', { ended_on: '2026-11-01' })))).toBe(
      'e2',
    );
    expect(of(rows(enrollment('e1', { ended_on: '2026-10-01' }), enrollment('e2', { started_on: '2026-08-01' })))).toBe(
      'e2',
    );
    expect(of(rows(enrollment('e1'), enrollment('e2', { teacher_id: 't2' })))).toBe('e1');
    expect(of(none)).toBeNull();
  });

  it('a back-dated communication counts when it happened (issue 16, Add Communications); one logged as it happens, when logged', () => {
    const call = (occurredAt?: string): Given => [
      'student-a',
      'CallLogged',
      {
        studentId: 'a',
        callId: 'c1',
        direction: 'outbound',
        party: 'parent',
        outcome: 'sent',
        durationSeconds: null,
        notes: null,
        enrollmentId: 'e1',
        authorId: 't1',
        medium: 'email',
        ...(occurredAt ? { occurredAt } : {}),
      },
      { at: '2026-09-20T12:00:00.000Z' },
    ];
    const at = (e: Given) => foldAnalytics(none, given(e)).contacts[0]!.at;
    expect(at(call('2026-09-12T09:30:00.000Z'))).toBe('2026-09-12T09:30:00.000Z');
    expect(at(call())).toBe('2026-09-20T12:00:00.000Z');
  });

  it('delivery status moves forward only (the domain’s order); a text is cancelled only while queued', () => {
    const status = (...types: string[]) =>
      foldAnalytics(
        none,
        given(
          queued('m1', 'e1', '2026-09-01T12:00:00.000Z'),
          ...types.map((type): Given => [
            'student-a',
            type,
            {
              studentId: 'a',
              messageId: 'm1',
              providerMessageId: null,
              reason: 'x',
              errorCode: null,
              scheduledFor: null,
            },
            { actor: 'system' },
          ]),
        ),
      ).contacts[0]!.status;
    expect(status('SmsDelivered', 'SmsSent')).toBe('delivered');
    expect(status('SmsSent', 'SmsCancelled')).toBe('sent');
    expect(status('SmsCancelled', 'SmsSent')).toBe('cancelled');
  });

  it('"behind since" is the first report of a run of "behind"', () => {
    const pacing = (status: string, asOf: string): Given => [
      'student-a',
      'EnrollmentPacingReported',
      { studentId: 'a', enrollmentId: 'e1', status, asOf },
      { actor: 'sis' },
    ];
    const out = foldAnalytics(
      { ...none, enrollments: byKey(enrollmentKey, enrollment('e1')) },
      given(pacing('behind', '2026-09-10T00:00:00.000Z'), pacing('behind', '2026-09-17T00:00:00.000Z')),
    );
    expect(out.enrollments).toEqual([
      expect.objectContaining({ pacing_status: 'behind', behind_since: '2026-09-10T00:00:00.000Z' }),
    ]);
  });

  it('a moved reply counts for the other staff member, in the course of their latest text; unchanged rows are not returned', () => {
    const stored: ContactFact = {
      contact_id: 'r1',
      district_id: 'd1',
      student_id: 'a',
      staff_id: 't1',
      enrollment_id: 'e1',
      course_id: 'course-e1',
      kind: 'sms_in',
      at: '2026-09-01 12:00:00+00',
      status: null,
      entered_in_error: false,
    };
    const rows: AnalyticsRows = {
      enrollments: byKey(enrollmentKey, enrollment('e1'), enrollment('e2', { teacher_id: 't2' })),
      contacts: byKey(contactKey, stored),
      lastTexts: new Map([[pairKey('d1', 'a', 't2')!, { contact_id: 'm9', enrollment_id: 'e2', us: 0 }]]),
    };
    const out = foldAnalytics(
      rows,
      given([
        'student-a',
        'InboundSmsMoved',
        { studentId: 'a', messageId: 'r1', fromStaffId: 't1', toStaffId: 't2', reason: null },
      ]),
    );
    expect(out).toEqual({
      enrollments: [],
      contacts: [{ ...stored, staff_id: 't2', enrollment_id: 'e2', course_id: 'course-e2' }],
    });
  });

  describe('ids are scoped by district: the same enrollment, student, teacher and call ids in two districts', () => {
    const stream = (d: string) => `student-${d}/a`;
    const started = (d: string, courseId: string): Given => [
      stream(d),
      'EnrollmentStarted',
      {
        studentId: 'a',
        enrollmentId: 'e1',
        courseId,
        courseName: courseId,
        teacherId: 't1',
        teacherName: 'T',
        startedOn: '2026-09-01',
      },
      { actor: 'sis', district: d },
    ];
    const behind = (d: string): Given => [
      stream(d),
      'EnrollmentPacingReported',
      { studentId: 'a', enrollmentId: 'e1', status: 'behind', asOf: '2026-09-10T00:00:00.000Z' },
      { actor: 'sis', district: d },
    ];
    const text = (d: string, id: string): Given => [
      stream(d),
      'SmsQueued',
      { studentId: 'a', messageId: id, enrollmentId: 'e1', staffId: 't1', to: '+1', body: 'Hi', idempotencyKey: id },
      { district: d },
    ];
    const answer = (d: string, id: string): Given => [
      stream(d),
      'SmsReceived',
      { studentId: 'a', messageId: id, staffId: 't1', body: 'ok', channel: 'sms', providerMessageId: null },
      { actor: 'system', district: d },
    ];
    const call = (d: string) => callWithoutEnrollment(stream(d), { district: d });
    const lastTexts = new Map([
      [pairKey('d1', 'a', 't1')!, null],
      [pairKey('d2', 'a', 't1')!, null],
    ]);
    const shown = (out: ReturnType<typeof foldAnalytics>) => ({
      enrollments: out.enrollments.map((e) => [e.district_id, e.enrollment_id, e.course_id, e.pacing_status]),
      contacts: out.contacts.map((c) => [c.district_id, c.contact_id, c.kind, c.enrollment_id, c.course_id]),
    });

    it('stay two rows each in one batch; a reply and a call without an enrollment find their own district’s', () => {
      const out = foldAnalytics(
        { ...none, lastTexts },
        given(
          started('d1', 'bio'),
          started('d2', 'art'),
          behind('d2'),
          text('d2', 'm2'),
          answer('d1', 'r1'),
          answer('d2', 'r2'),
          call('d1'),
          call('d2'),
        ),
      );
      expect(shown(out)).toEqual({
        enrollments: [
          ['d1', 'e1', 'bio', null],
          ['d2', 'e1', 'art', 'behind'],
        ],
        contacts: [
          ['d2', 'm2', 'sms_out', 'e1', 'art'],
          // Mrs. T texted the a of district 2, not this one: the reply belongs to no course.
          ['d1', 'r1', 'sms_in', null, null],
          ['d2', 'r2', 'sms_in', 'e1', 'art'],
          ['d1', 'c1', 'call', 'e1', 'bio'],
          ['d2', 'c1', 'call', 'e1', 'art'],
        ],
      });
    });

    it('stay two rows when one district’s are stored: its rows are neither found nor changed by the other’s events', () => {
      const rows: AnalyticsRows = {
        enrollments: byKey(enrollmentKey, enrollment('e1', { course_id: 'bio' })),
        contacts: new Map(),
        lastTexts: new Map([[pairKey('d2', 'a', 't1')!, null]]),
      };
      const out = foldAnalytics(rows, given(started('d2', 'art'), behind('d2'), call('d2'), answer('d2', 'r2')));
      expect(shown(out)).toEqual({
        enrollments: [['d2', 'e1', 'art', 'behind']],
        contacts: [
          ['d2', 'c1', 'call', 'e1', 'art'],
          ['d2', 'r2', 'sms_in', null, null],
        ],
      });
    });
  });
});
