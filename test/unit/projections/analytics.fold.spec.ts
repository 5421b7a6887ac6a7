import { foldAnalytics, type AnalyticsRows } from '../../../src/projections/analytics/analytics.fold';
import { pairKey, type ContactFact, type EnrollmentFact } from '../../../src/projections/analytics/analytics.rows';
import { byKey, given, type Given } from './given';

const none: AnalyticsRows = { enrollments: new Map(), contacts: new Map(), lastTexts: new Map() };
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

describe('analytics fold: given events, then rows', () => {
  it('a reply belongs to the course of the latest text its staff member sent: the stored one or a later one of the batch', () => {
    const rows: AnalyticsRows = {
      ...none,
      enrollments: byKey((e) => e.enrollment_id, enrollment('e1'), enrollment('e2')),
      lastTexts: new Map([
        [pairKey('a', 't1')!, { contact_id: 'old', enrollment_id: 'e1', us: Date.UTC(2026, 8, 1, 12) * 1000 }],
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
    const call: Given = [
      'student-a',
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
    ];
    const rows = (...e: EnrollmentFact[]): AnalyticsRows => ({
      ...none,
      enrollments: byKey((x) => x.enrollment_id, ...e),
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
      { ...none, enrollments: byKey((e) => e.enrollment_id, enrollment('e1')) },
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
      enrollments: byKey((e) => e.enrollment_id, enrollment('e1'), enrollment('e2', { teacher_id: 't2' })),
      contacts: byKey((c) => c.contact_id, stored),
      lastTexts: new Map([[pairKey('a', 't2')!, { contact_id: 'm9', enrollment_id: 'e2', us: 0 }]]),
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
});
