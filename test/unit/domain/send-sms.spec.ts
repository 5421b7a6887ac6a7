import { given, enrolled, policy, queued, registered, teacher, registrar, STUDENT } from './student-spec.helper';

const send = (
  over: Partial<{ messageId: string; enrollmentId: string | null; body: string; idempotencyKey: string }> = {},
) => ({
  type: 'SendSms' as const,
  data: {
    messageId: 'm1',
    enrollmentId: null,
    body: 'Hi Sarah, this is Mrs. Bell, your ELA teacher. Are you able to get started in class?',
    idempotencyKey: 'k1',
    ...over,
  },
});

describe('SendSms (rules 1, 2, 8: SMS Enabled, teachers text only students they serve)', () => {
  it('queues the text for the one active enrollment the teacher has with the student', () => {
    given(registered(), enrolled())
      .when(send())
      .then([
        {
          type: 'SmsQueued',
          data: {
            studentId: STUDENT,
            messageId: 'm1',
            enrollmentId: 'e1',
            staffId: 't-bell',
            to: '+12015550123',
            body: send().data.body,
            idempotencyKey: 'k1',
            scheduledFor: null,
          },
        },
      ]);
  });

  it('is refused when the district does not allow student SMS', () => {
    const e = given(registered(), enrolled())
      .when(send(), teacher(), policy({ smsAllowed: false }))
      .thenError('SMS_NOT_ENABLED', 'rule');
    expect(e.details).toEqual({ reason: 'district_disabled' });
  });

  it('is refused when the district has never set a policy (texting is off until turned on)', () => {
    given(registered(), enrolled()).when(send(), teacher(), null).thenError('SMS_NOT_ENABLED');
  });

  it('is refused when no SMS number is on file', () => {
    const e = given(registered({ smsNumber: null }), enrolled())
      .when(send())
      .thenError('SMS_NOT_ENABLED');
    expect(e.details).toEqual({ reason: 'no_sms_number' });
  });

  it('is refused after an opt-out', () => {
    const optedOut = {
      type: 'SmsOptedOut' as const,
      data: { studentId: STUDENT, removedNumber: '+12015550123', requestedBy: 'parent' as const, note: 'n' },
    };
    const e = given(registered(), enrolled(), optedOut).when(send()).thenError('SMS_NOT_ENABLED');
    expect(e.details).toEqual({ reason: 'opted_out' });
  });

  it('is refused for a teacher with no active enrollment of the student', () => {
    given(registered(), enrolled('e1', 'someone-else'))
      .when(send())
      .thenError('NOT_TEACHER_OF_ENROLLMENT', 'forbidden');
  });

  it('is refused once the enrollment has ended', () => {
    const ended = {
      type: 'EnrollmentEnded' as const,
      data: { studentId: STUDENT, enrollmentId: 'e1', endedOn: '2019-12-01', reason: null },
    };
    given(registered(), enrolled(), ended).when(send()).thenError('NOT_TEACHER_OF_ENROLLMENT');
    given(registered(), enrolled(), ended)
      .when(send({ enrollmentId: 'e1' }))
      .thenError('ENROLLMENT_NOT_ACTIVE');
  });

  it("is refused when the enrollment named is not the student's", () => {
    given(registered(), enrolled())
      .when(send({ enrollmentId: 'not-hers' }))
      .thenError('ENROLLMENT_NOT_OF_STUDENT', 'rule');
  });

  it("is refused when the named enrollment is another teacher's", () => {
    given(registered(), enrolled(), enrolled('e2', 'other'))
      .when(send({ enrollmentId: 'e2' }))
      .thenError('NOT_TEACHER_OF_ENROLLMENT');
  });

  it('asks the sender to pick when the student has several active enrollments with them', () => {
    const e = given(registered(), enrolled('e1'), enrolled('e2', 't-bell', 'Biology'))
      .when(send())
      .thenError('ENROLLMENT_REQUIRED');
    expect(e.details).toEqual({ enrollmentIds: ['e1', 'e2'] });
    const events = given(registered(), enrolled('e1'), enrolled('e2', 't-bell', 'Biology'))
      .when(send({ enrollmentId: 'e2' }))
      .events();
    expect(events[0]).toMatchObject({ type: 'SmsQueued', data: { enrollmentId: 'e2' } });
  });

  it('refuses an empty or whitespace-only text and one over 1,600 characters', () => {
    given(registered(), enrolled())
      .when(send({ body: '   ' }))
      .thenError('EMPTY_MESSAGE', 'invalid');
    given(registered(), enrolled())
      .when(send({ body: 'x'.repeat(1601) }))
      .thenError('MESSAGE_TOO_LONG', 'invalid');
    expect(
      given(registered(), enrolled())
        .when(send({ body: 'x'.repeat(1600) }))
        .events(),
    ).toHaveLength(1);
  });

  it('sends one text for the same idempotency key twice', () => {
    given(registered(), enrolled(), queued('m0', 't-bell', 'e1', 'k1'))
      .when(send({ messageId: 'm9', body: 'Hi Sarah' }))
      .then([]);
  });

  it('refuses an idempotency key reused for a different text', () => {
    given(registered(), enrolled(), queued('m0', 't-bell', 'e1', 'k1'))
      .when(send({ body: 'Something else' }))
      .thenError('IDEMPOTENCY_KEY_REUSED', 'conflict');
  });

  it('only teachers text students; a registrar cannot', () => {
    given(registered(), enrolled()).when(send(), registrar).thenError('FORBIDDEN_ROLE', 'forbidden');
  });

  it('refuses a teacher of another district and an unknown student', () => {
    given(registered(), enrolled())
      .when(send(), teacher('t-bell', { districtId: 'd2' }))
      .thenError('FORBIDDEN_DISTRICT', 'forbidden');
    given().when(send()).thenError('STUDENT_NOT_FOUND', 'not_found');
  });
});

describe('SendSms content guard (rule 6: what may not be texted)', () => {
  const text = (body: string, mediaUrls?: string[]) => ({
    type: 'SendSms' as const,
    data: { messageId: 'm1', enrollmentId: null, body, idempotencyKey: 'k1', ...(mediaUrls ? { mediaUrls } : {}) },
  });

  it("sends the seed's own example", () => {
    expect(
      given(registered(), enrolled())
        .when(text('Hi Sarah, this is Mrs. Bell, your ELA teacher. Are you able to get started in class?'))
        .events(),
    ).toHaveLength(1);
  });

  it.each([
    ['full_name', 'Hi Sarah Jones, are you able to log on today?'],
    ['birth_date', 'Happy birthday on 4/17/2009!'],
    ['address', 'I will mail the packet to 12 Oak Avenue'],
    ['credentials', 'Your login is sjones09 and your password is Tiger22'],
    ['grade', 'You got a D on the Unit 3 test'],
    ['link', 'See your report at http://bit.ly/3xYz'],
  ])('refuses a %s violation with where it is and why', (category, body) => {
    const error = given(registered(), enrolled()).when(text(body)).thenError('CONTENT_POLICY_VIOLATION', 'rule');
    const violations = (
      error.details as { violations: { category: string; start: number; end: number; message: string }[] }
    ).violations;
    expect(violations.map((v) => v.category)).toContain(category);
    const v = violations.find((x) => x.category === category)!;
    expect(v.end).toBeGreaterThan(v.start);
    expect(v.message.length).toBeGreaterThan(10);
  });

  it('refuses any picture: SendSms carries no media', () => {
    const error = given(registered(), enrolled())
      .when(text('Look at this', ['https://example.org/photo.jpg']))
      .thenError('CONTENT_POLICY_VIOLATION');
    expect((error.details as { violations: { category: string }[] }).violations.map((v) => v.category)).toContain(
      'media',
    );
  });

  it("lets the sender sign with their own full name and links on the district's allowed hosts", () => {
    expect(
      given(registered(), enrolled())
        .when(
          text('Book a meeting at https://tutoring.school.org/book - Amy Bell'),
          teacher(),
          policy({ allowedLinkHosts: ['school.org'] }),
        )
        .events(),
    ).toHaveLength(1);
  });
});
