import { smsEligibility } from '../../../src/domain/student/sms-eligibility';
import { foldRoster, type RosterRows } from '../../../src/projections/contacts/roster.fold';
import { byKey, given, type Given } from './given';
import { policy, registered, enrolled, none, studentRow, enrollmentRow, allowed } from './roster-fold.fixtures';

describe('roster fold: given events, then rows', () => {
  it('an enrollment of a registered student shows SMS Enabled, the preferred name, and the district', () => {
    const changes = foldRoster(
      none,
      given(policy(true), registered('a', '+12015550101', { preferredName: 'Sal' }), enrolled('a', 'e1')),
    );
    expect(changes.enrollments).toEqual([
      expect.objectContaining({
        enrollment_id: 'e1',
        district_id: 'd1',
        student_first_name: 'Sal',
        sms_enabled: true,
        sms_disabled_reason: null,
      }),
    ]);
    expect(changes.students).toEqual([
      expect.objectContaining({ student_id: 'a', sms_number: '+12015550101', registered_at: expect.any(String) }),
    ]);
    expect(changes.policies).toEqual([expect.objectContaining({ district_id: 'd1', sms_allowed: true })]);
  });

  it('stores the domain verdict (smsEligibility) for every combination, in its order of reasons', () => {
    for (const allowedToText of [true, false, null]) {
      for (const number of ['+12015550101', null]) {
        for (const optOut of [false, true]) {
          for (const flagged of [false, true]) {
            const events: Given[] = [
              ...(allowedToText === null ? [] : [policy(allowedToText)]),
              registered('a', number),
              enrolled('a', 'e1'),
            ];
            if (flagged && number)
              events.push([
                'student-a',
                'SmsNumberFlaggedInvalid',
                { studentId: 'a', messageId: 'm1', number, errorCode: '30006', reason: 'x' },
                { actor: 'system' },
              ]);
            if (optOut)
              events.push([
                'student-a',
                'SmsOptedOut',
                { studentId: 'a', removedNumber: null, requestedBy: 'student', note: 'STOP' },
                { actor: 'system' },
              ]);
            const [row] = foldRoster(none, given(...events)).enrollments;
            const expected = smsEligibility(
              allowedToText === null
                ? null
                : {
                    districtId: 'd1',
                    smsAllowed: allowedToText,
                    timeZone: 'UTC',
                    quietHours: { start: '08:00', end: '21:00' },
                    allowedLinkHosts: [],
                  },
              { optedOut: optOut, smsNumber: optOut ? null : number, numberFlaggedInvalid: flagged && number !== null },
            );
            expect({
              allowedToText,
              number,
              optOut,
              flagged,
              enabled: row!.sms_enabled,
              reason: row!.sms_disabled_reason,
            }).toEqual({ allowedToText, number, optOut, flagged, enabled: expected.enabled, reason: expected.reason });
          }
        }
      }
    }
  });

  it('an opt-out removes the number and keeps it aside; the school putting a number back lifts the opt-out', () => {
    const rows: RosterRows = {
      ...none,
      policies: byKey((p) => p.district_id, allowed),
      students: byKey((s) => s.student_id, studentRow('a')),
      enrollments: byKey((e) => e.enrollment_id, enrollmentRow('e1', 'a')),
    };
    const out = foldRoster(
      rows,
      given([
        'student-a',
        'SmsOptedOut',
        { studentId: 'a', removedNumber: '+12015550101', requestedBy: 'guardian', note: 'n' },
      ]),
    );
    expect(out.students).toEqual([
      expect.objectContaining({ sms_number: null, opted_out: true, opted_out_number: '+12015550101' }),
    ]);
    expect(out.enrollments).toEqual([
      expect.objectContaining({ sms_enabled: false, sms_disabled_reason: 'opted_out' }),
    ]);
    const back = foldRoster(
      {
        ...rows,
        students: byKey((s) => s.student_id, out.students[0]!),
        enrollments: byKey((e) => e.enrollment_id, out.enrollments[0]!),
      },
      given([
        'student-a',
        'ContactUpdated',
        { studentId: 'a', changes: { smsNumber: '+12015550102' }, previousSmsNumber: null, reason: null },
        { actor: 'registrar' },
      ]),
    );
    expect(back.students).toEqual([
      expect.objectContaining({
        sms_number: '+12015550102',
        opted_out: false,
        opted_out_number: null,
        sms_number_invalid: false,
      }),
    ]);
    expect(back.enrollments).toEqual([expect.objectContaining({ sms_enabled: true, sms_disabled_reason: null })]);
  });

  it('a district policy change gives every student of the district not loaded whole their verdict (fan-out)', () => {
    const rows: RosterRows = {
      ...none,
      policies: byKey((p) => p.district_id, { ...allowed, sms_allowed: false }),
      fanOut: new Map([
        [
          'd1',
          [
            {
              student_id: 'x',
              district_id: 'd1',
              opted_out: false,
              sms_number: '+12015550109',
              sms_number_invalid: false,
            },
            { student_id: 'y', district_id: 'd1', opted_out: true, sms_number: null, sms_number_invalid: false },
          ],
        ],
      ]),
    };
    expect(foldRoster(rows, given(policy(true))).verdicts).toEqual([
      { student_id: 'x', sms_enabled: true, sms_disabled_reason: null },
      { student_id: 'y', sms_enabled: false, sms_disabled_reason: 'opted_out' },
    ]);
  });

  it('last contact: a text stamps its enrollment, a reply and a call the teacher’s enrollments with the student; unchanged rows are not returned', () => {
    const rows: RosterRows = {
      ...none,
      policies: byKey((p) => p.district_id, allowed),
      students: byKey((s) => s.student_id, studentRow('a')),
      enrollments: byKey(
        (e) => e.enrollment_id,
        enrollmentRow('e1', 'a'),
        enrollmentRow('e2', 'a', { teacher_id: 't2' }),
        enrollmentRow('e3', 'a', { teacher_id: 't2' }),
      ),
    };
    const out = foldRoster(
      rows,
      given(
        [
          'student-a',
          'SmsQueued',
          {
            studentId: 'a',
            messageId: 'm1',
            enrollmentId: 'e1',
            staffId: 't1',
            to: '+1',
            body: 'Hi',
            idempotencyKey: 'k',
            scheduledFor: null,
          },
          { at: '2026-09-01T15:00:00.000Z' },
        ],
        [
          'student-a',
          'SmsReceived',
          { studentId: 'a', messageId: 'r1', staffId: 't2', body: 'ok', channel: 'sms', providerMessageId: null },
          { actor: 'system', at: '2026-09-01T16:00:00.000Z' },
        ],
      ),
    );
    expect(out.enrollments.map((e) => [e.enrollment_id, e.last_contact_at])).toEqual([
      ['e1', '2026-09-01T15:00:00.000Z'],
      ['e2', '2026-09-01T16:00:00.000Z'],
      ['e3', '2026-09-01T16:00:00.000Z'],
    ]);
    expect(out.students).toEqual([expect.objectContaining({ last_outbound_at: '2026-09-01T15:00:00.000Z' })]);
    expect(
      foldRoster(rows, given(['student-a', 'NoteAdded', { studentId: 'a', noteId: 'n', body: 'b', authorId: 't1' }])),
    ).toEqual({ policies: [], students: [], enrollments: [], ended: [], verdicts: [] });
  });

  it('an ended enrollment is removed; one started again in the same batch is written, not removed; none for an unknown student', () => {
    const rows: RosterRows = {
      ...none,
      policies: byKey((p) => p.district_id, allowed),
      students: byKey((s) => s.student_id, studentRow('a')),
      enrollments: byKey((e) => e.enrollment_id, enrollmentRow('e1', 'a'), enrollmentRow('e2', 'a')),
    };
    const ended = (id: string): Given => [
      'student-a',
      'EnrollmentEnded',
      { studentId: 'a', enrollmentId: id, endedOn: '2026-10-01', reason: null },
      { actor: 'sis' },
    ];
    const out = foldRoster(rows, given(ended('e1'), ended('e2'), enrolled('a', 'e2', 't9'), enrolled('zz', 'e9')));
    expect(out.ended).toEqual(['e1']);
    expect(out.enrollments).toEqual([expect.objectContaining({ enrollment_id: 'e2', teacher_id: 't9' })]);
  });

  it('a record correction renames the student on every enrollment; it leaves the rows it was given as they were', () => {
    const students = byKey((s) => s.student_id, studentRow('a'));
    const rows: RosterRows = {
      ...none,
      policies: byKey((p) => p.district_id, allowed),
      students,
      enrollments: byKey((e) => e.enrollment_id, enrollmentRow('e1', 'a')),
    };
    const out = foldRoster(
      rows,
      given([
        'student-a',
        'StudentRecordCorrected',
        { studentId: 'a', fields: ['preferredName'], correctedValues: { preferredName: 'Sal' }, reason: 'x' },
        { actor: 'registrar' },
      ]),
    );
    expect(out.enrollments).toEqual([expect.objectContaining({ student_first_name: 'Sal' })]);
    expect(students.get('a')!.preferred_name).toBeNull();
  });
});
