import { DomainError } from '../../../src/domain/shared/domain-error';
import { smsEligibility } from '../../../src/domain/student/sms-eligibility';
import { enrolled, given, policy, registered, registrar, sis, STUDENT, system, teacher } from './student-spec.helper';

describe('UpdateContact (rule 5: only through the school)', () => {
  const update = (smsNumber: string | null) => ({
    type: 'UpdateContact' as const,
    data: { changes: { smsNumber }, reason: 'Parent called the school' },
  });

  it('lets the registrar change the SMS number, normalized to E.164', () => {
    given(registered())
      .when(update('(201) 555-0199'), registrar)
      .then([
        {
          type: 'ContactUpdated',
          data: {
            studentId: STUDENT,
            changes: { smsNumber: '+12015550199' },
            previousSmsNumber: '+12015550123',
            reason: 'Parent called the school',
          },
        },
      ]);
  });

  it('never lets a teacher change contact details', () => {
    given(registered(), enrolled())
      .when(update('+12015550199'), teacher())
      .thenError('CONTACT_CHANGE_NOT_ALLOWED', 'forbidden');
  });

  it('refuses a number that is not a real phone number (parsed by libphonenumber-js, no regex)', () => {
    given(registered()).when(update('555-1234'), registrar).thenError('INVALID_PHONE_NUMBER', 'invalid');
    given(registered()).when(update('+1 200 555 0100'), registrar).thenError('INVALID_PHONE_NUMBER');
  });

  it('records nothing when nothing changes', () => {
    given(registered()).when(update('+1 201-555-0123'), registrar).then([]);
  });
});

describe('OptOut (rule 4: number removed, dated note with initials)', () => {
  it("removes the number and keeps the seed's note, dated in the district's time zone", () => {
    given(registered(), enrolled())
      .when({ type: 'OptOut', data: { requestedBy: 'parent' } })
      .then([
        {
          type: 'SmsOptedOut',
          data: {
            studentId: STUDENT,
            removedNumber: '+12015550123',
            requestedBy: 'parent',
            note: 'Parent requested no texting, removed SMS number, 8/13/19 - A.Bell',
          },
        },
      ]);
  });

  it('records a STOP keyword automatically, only from the system', () => {
    const [e] = given(registered())
      .when({ type: 'OptOut', data: { requestedBy: 'keyword' } }, system)
      .events();
    expect(e).toMatchObject({
      type: 'SmsOptedOut',
      data: { requestedBy: 'keyword', note: 'Student texted STOP, removed SMS number, 8/13/19 - automatic' },
    });
    given(registered())
      .when({ type: 'OptOut', data: { requestedBy: 'keyword' } }, teacher())
      .thenError('FORBIDDEN_ROLE');
  });

  it('is recorded by a teacher only for a student they serve (the school may for anyone)', () => {
    given(registered(), enrolled('e1', 'someone-else'))
      .when({ type: 'OptOut', data: { requestedBy: 'parent' } })
      .thenError('NOT_TEACHER_OF_STUDENT', 'forbidden');
    expect(
      given(registered(), enrolled('e1', 'someone-else'))
        .when({ type: 'OptOut', data: { requestedBy: 'parent' } }, registrar)
        .events(),
    ).toHaveLength(1);
  });

  it('a STOP applied to every student on the number opts out only while that number is still on file', () => {
    const stop = (ifNumberOnFile: string) => ({
      type: 'OptOut' as const,
      data: { requestedBy: 'keyword' as const, ifNumberOnFile },
    });
    expect(given(registered()).when(stop('+12015550123'), system).events()).toMatchObject([
      { type: 'SmsOptedOut', data: { removedNumber: '+12015550123', requestedBy: 'keyword' } },
    ]);
    // The registrar changed the number since the directory was read: the STOP from the old one is not theirs.
    given(registered()).when(stop('+12015550199'), system).then([]);
  });

  it('is a no-op once opted out', () => {
    const [out] = given(registered(), enrolled())
      .when({ type: 'OptOut', data: { requestedBy: 'student' } })
      .events();
    given(registered(), enrolled(), out!)
      .when({ type: 'OptOut', data: { requestedBy: 'parent' } })
      .then([]);
  });

  it('SMS Enabled comes back when the school puts a number on file again', () => {
    const [out] = given(registered(), enrolled())
      .when({ type: 'OptOut', data: { requestedBy: 'student' } })
      .events();
    const [back] = given(registered(), enrolled(), out!)
      .when({ type: 'UpdateContact', data: { changes: { smsNumber: '+12015550123' }, reason: null } }, registrar)
      .events();
    expect(back).toMatchObject({ type: 'ContactUpdated', data: { changes: { smsNumber: '+12015550123' } } });
  });
});

describe('Registration, enrollments, notes and calls', () => {
  const register = {
    type: 'RegisterStudent' as const,
    data: { ...registered().data, smsNumber: '201 555 0123' } as never,
  };

  it('registers a student (SIS or registrar), the same registration twice is one fact', () => {
    const [e] = given().when(register, sis).events();
    expect(e).toMatchObject({ type: 'StudentRegistered', data: { smsNumber: '+12015550123' } });
    given(e!).when(register, sis).then([]);
    given().when(register, teacher()).thenError('FORBIDDEN_ROLE');
    given()
      .when(register, { ...sis, districtId: 'other' })
      .thenError('FORBIDDEN_DISTRICT');
  });

  it('starts and ends enrollments', () => {
    const start = {
      type: 'StartEnrollment' as const,
      data: {
        enrollmentId: 'e1',
        courseId: 'c-e1',
        courseName: 'ELA 9',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn: '2019-08-12',
      },
    };
    given(registered()).when(start, sis).then([enrolled()]);
    given(registered(), enrolled()).when(start, sis).then([]);
    given(registered(), enrolled())
      .when({ type: 'EndEnrollment', data: { enrollmentId: 'e1', endedOn: '2019-12-01', reason: 'Completed' } }, sis)
      .then([
        {
          type: 'EnrollmentEnded',
          data: { studentId: STUDENT, enrollmentId: 'e1', endedOn: '2019-12-01', reason: 'Completed' },
        },
      ]);
    given(registered())
      .when({ type: 'EndEnrollment', data: { enrollmentId: 'nope', endedOn: '2019-12-01', reason: null } }, sis)
      .thenError('ENROLLMENT_NOT_FOUND');
  });

  it('lets a teacher of the student log a call and add a note; not a teacher of someone else', () => {
    const call = {
      type: 'LogCall' as const,
      data: {
        callId: 'c1',
        direction: 'outbound' as const,
        party: 'parent' as const,
        outcome: 'voicemail' as const,
        durationSeconds: 30,
        notes: 'Left a message',
        enrollmentId: 'e1',
      },
    };
    given(registered(), enrolled())
      .when(call)
      .then([{ type: 'CallLogged', data: { studentId: STUDENT, ...call.data, authorId: 't-bell' } }]);
    given(registered(), enrolled('e1', 'other')).when(call).thenError('NOT_TEACHER_OF_STUDENT');
    const note = { type: 'AddNote' as const, data: { noteId: 'n1', body: 'Prefers afternoon texts' } };
    given(registered(), enrolled())
      .when(note)
      .then([
        {
          type: 'NoteAdded',
          data: { studentId: STUDENT, noteId: 'n1', body: 'Prefers afternoon texts', authorId: 't-bell' },
        },
      ]);
    given(registered(), enrolled())
      .when({ ...note, data: { noteId: 'n2', body: ' ' } })
      .thenError('EMPTY_NOTE');
  });
});

describe('SMS Enabled with its reason (rule 1)', () => {
  it('names the first reason a person can act on', () => {
    expect(smsEligibility(policy(), { optedOut: false, smsNumber: '+12015550123' })).toEqual({
      enabled: true,
      reason: null,
      explanation: null,
    });
    expect(smsEligibility(policy({ smsAllowed: false }), { optedOut: false, smsNumber: '+1' }).reason).toBe(
      'district_disabled',
    );
    expect(smsEligibility(policy(), { optedOut: true, smsNumber: null }).reason).toBe('opted_out');
    expect(smsEligibility(policy(), { optedOut: false, smsNumber: null }).reason).toBe('no_sms_number');
  });
  it('domain errors carry no HTTP status', () => {
    expect(Object.keys(new DomainError('X', 'y'))).not.toContain('status');
  });
});
