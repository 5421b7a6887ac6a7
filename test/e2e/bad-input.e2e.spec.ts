import { startTestApp, type TestApp } from '../support/test-app';

/** Every class of bad input gets a 4xx with a stable code, a sentence and a correlation id, and changes nothing. */
describe('e2e: bad input changes nothing', () => {
  let t: TestApp;
  let sis: string, bell: string, registrar: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const eventCount = () => t.eventCount();

  beforeAll(async () => {
    t = await startTestApp();
    sis = t.token('sis', 'sis');
    bell = t.token('teacher', 't-bell', { initials: 'A.Bell' });
    registrar = t.token('registrar', 'reg');
    await t.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(t.token('school_admin', 'adm')))
      .send({
        smsAllowed: true,
        timeZone: 'America/Chicago',
        quietHours: { start: '08:00', end: '21:00' },
        allowedLinkHosts: [],
      })
      .expect(200);
    await t.http
      .post('/v1/students')
      .set(auth(sis))
      .send({ studentId: 's1', firstName: 'Sarah', lastName: 'Jones', smsNumber: '+12015550123' })
      .expect(201);
    await t.http
      .post('/v1/students/s1/enrollments')
      .set(auth(sis))
      .send({
        enrollmentId: 'e1',
        courseId: 'c1',
        courseName: 'ELA',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn: '2026-08-24',
      })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  const cases: [
    string,
    () => Promise<{ status: number; body: { error?: { code: string; message: string; correlationId: string } } }>,
    number,
    string,
  ][] = [
    [
      'malformed JSON',
      () =>
        t.http.post('/v1/students').set(auth(sis)).set('Content-Type', 'application/json').send('{"studentId": "s2",'),
      400,
      'MALFORMED_JSON',
    ],
    [
      'an unknown field',
      () =>
        t.http
          .post('/v1/students')
          .set(auth(sis))
          .send({ studentId: 's2', firstName: 'A', lastName: 'B', isAdmin: true }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a wrong type',
      () => t.http.post('/v1/students').set(auth(sis)).send({ studentId: 's2', firstName: 42, lastName: 'B' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a __proto__ key',
      () =>
        t.http
          .post('/v1/students/s1/notes')
          .set(auth(bell))
          .set('Content-Type', 'application/json')
          .send('{"body":"hi","__proto__":{"role":"school_admin"}}'),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a constructor key',
      () =>
        t.http
          .post('/v1/students/s1/notes')
          .set(auth(bell))
          .send({ body: 'hi', constructor: { prototype: {} } }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a listed contact that is not an object',
      () =>
        t.http
          .post('/v1/students')
          .set(auth(sis))
          .send({ studentId: 's3', firstName: 'A', lastName: 'B', listedContacts: [[]] }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a gzip body that does not decode',
      () =>
        t.http
          .post('/v1/students/s1/notes')
          .set(auth(bell))
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', 'gzip')
          .send('{"body":"not gzip"}'),
      400,
      'UNDECODABLE_BODY',
    ],
    [
      'an unknown Content-Encoding',
      () =>
        t.http
          .post('/v1/students/s1/notes')
          .set(auth(bell))
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', 'compress')
          .send('{"body":"x"}'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a missing field',
      () => t.http.post('/v1/students/s1/sms').set(auth(bell)).send({ body: 'Hi Sarah' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a bad phone number',
      () =>
        t.http
          .post('/v1/students')
          .set(auth(sis))
          .send({ studentId: 's2', firstName: 'A', lastName: 'B', smsNumber: '555-12' }),
      400,
      'INVALID_PHONE_NUMBER',
    ],
    [
      'a landline-only or impossible number',
      () => t.http.patch('/v1/students/s1/contact').set(auth(registrar)).send({ smsNumber: '+1 200 555 0100' }),
      400,
      'INVALID_PHONE_NUMBER',
    ],
    [
      'an unknown student',
      () => t.http.post('/v1/students/nobody/sms').set(auth(bell)).send({ body: 'Hi', idempotencyKey: 'key-00000001' }),
      404,
      'STUDENT_NOT_FOUND',
    ],
    [
      'an unknown enrollment',
      () => t.http.post('/v1/students/s1/enrollments/nope/end').set(auth(sis)).send({ endedOn: '2026-12-01' }),
      404,
      'ENROLLMENT_NOT_FOUND',
    ],
    [
      'an id with forbidden characters',
      () =>
        t.http.post('/v1/students/..%2Fadmin/sms').set(auth(bell)).send({ body: 'Hi', idempotencyKey: 'key-00000001' }),
      400,
      'INVALID_ID',
    ],
    [
      'an oversized body',
      () =>
        t.http
          .post('/v1/students/s1/notes')
          .set(auth(bell))
          .send({ body: 'x'.repeat(200_000) }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'an empty text',
      () => t.http.post('/v1/students/s1/sms').set(auth(bell)).send({ body: '   ', idempotencyKey: 'key-00000002' }),
      400,
      'EMPTY_MESSAGE',
    ],
    [
      'a text over 1,600 characters',
      () =>
        t.http
          .post('/v1/students/s1/sms')
          .set(auth(bell))
          .send({ body: 'y'.repeat(1601), idempotencyKey: 'key-00000003' }),
      400,
      'MESSAGE_TOO_LONG',
    ],
    [
      'a bad date',
      () =>
        t.http.post('/v1/students/s1/enrollments').set(auth(sis)).send({
          enrollmentId: 'e2',
          courseId: 'c2',
          courseName: 'Art',
          teacherId: 't2',
          teacherName: 'T',
          startedOn: '2026-13-45',
        }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a non-JSON content type',
      () => t.http.post('/v1/students/s1/notes').set(auth(bell)).set('Content-Type', 'text/plain').send('hello'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['no token', () => t.http.post('/v1/students/s1/notes').send({ body: 'hello' }), 401, 'UNAUTHENTICATED'],
    [
      'a forged token',
      () =>
        t.http
          .post('/v1/students/s1/notes')
          .set('Authorization', `Bearer ${bell.slice(0, -4)}AAAA`)
          .send({ body: 'hello' }),
      401,
      'UNAUTHENTICATED',
    ],
    [
      'a stale If-Match',
      () =>
        t.http
          .patch('/v1/students/s1/contact')
          .set(auth(registrar))
          .set('If-Match', '"0"')
          .send({ smsNumber: '+12015550199' }),
      412,
      'PRECONDITION_FAILED',
    ],
    [
      'a malformed If-Match',
      () =>
        t.http
          .patch('/v1/students/s1/contact')
          .set(auth(registrar))
          .set('If-Match', 'yesterday')
          .send({ smsNumber: '+12015550199' }),
      400,
      'INVALID_IF_MATCH',
    ],
    ['an unknown route', () => t.http.get('/v1/nothing-here').set(auth(bell)), 404, 'ROUTE_NOT_FOUND'],
  ];

  it.each(cases)('%s', async (_name, send, status, code) => {
    const before = await eventCount();
    const res = await send();
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
    expect(res.body.error!.message).toMatch(/\w+ \w+/);
    expect(res.body.error!.correlationId).toEqual(expect.any(String));
    expect(await eventCount()).toBe(before);
  });

  // Text PostgreSQL cannot store (NUL, unpaired surrogates) is refused on every route, naming the field, before any
  // handler runs: one such character once stopped the projections for every district.
  const student = () => t.token('student', 's1');
  const invalidText: [
    string,
    () => Promise<{ status: number; body: { error?: { code: string; details?: Record<string, unknown> } } }>,
    string,
    string,
  ][] = [
    [
      'a NUL in a portal reply',
      () => t.http.post('/v1/me/threads/t-bell/replies').set(auth(student())).send({ body: 'ok\u0000' }),
      'body',
      'nul',
    ],
    [
      'a lone surrogate in a portal reply',
      () =>
        t.http
          .post('/v1/me/threads/t-bell/replies')
          .set(auth(student()))
          .send('{"body":"x\\ud800y"}')
          .set('Content-Type', 'application/json'),
      'body',
      'unpaired_surrogate',
    ],
    [
      'a NUL in a note',
      () => t.http.post('/v1/students/s1/notes').set(auth(bell)).send({ body: 'Called\u0000home' }),
      'body',
      'nul',
    ],
    [
      'a NUL in call notes',
      () =>
        t.http
          .post('/v1/students/s1/calls')
          .set(auth(bell))
          .send({ direction: 'outbound', party: 'parent', outcome: 'voicemail', notes: '\u0000' }),
      'notes',
      'nul',
    ],
    [
      'a lone low surrogate in the contact address',
      () => t.http.patch('/v1/students/s1/contact').set(auth(registrar)).send({ address: '1 Main St \udc00' }),
      'address',
      'unpaired_surrogate',
    ],
    [
      'a NUL deep in listed contacts',
      () =>
        t.http
          .patch('/v1/students/s1/contact')
          .set(auth(registrar))
          .send({ listedContacts: [{ name: 'Mom\u0000', relationship: 'parent' }] }),
      'listedContacts.0.name',
      'nul',
    ],
    [
      'a NUL in a course name',
      () =>
        t.http.post('/v1/students/s1/enrollments').set(auth(sis)).send({
          enrollmentId: 'e9',
          courseId: 'c9',
          courseName: 'Art\u0000',
          teacherId: 't9',
          teacherName: 'T',
          startedOn: '2026-08-24',
        }),
      'courseName',
      'nul',
    ],
    [
      'a lone surrogate in a teacher name',
      () =>
        t.http.post('/v1/students/s1/enrollments').set(auth(sis)).send({
          enrollmentId: 'e9',
          courseId: 'c9',
          courseName: 'Art',
          teacherId: 't9',
          teacherName: 'T\ud83d',
          startedOn: '2026-08-24',
        }),
      'teacherName',
      'unpaired_surrogate',
    ],
    [
      'a NUL in a simulated reply',
      () =>
        t.http
          .post('/v1/dev/sms-simulator/replies')
          .set(auth(registrar))
          .send({ from: '+12015550123', body: 'hi\u0000' }),
      'body',
      'nul',
    ],
    [
      'a NUL in a field name',
      () =>
        t.http
          .post('/v1/students/s1/notes')
          .set(auth(bell))
          .send({ ['bo\u0000dy']: 'x' }),
      'bo\u0000dy',
      'nul',
    ],
    [
      'a NUL in the query string',
      () => t.http.get('/v1/enrollments/current?courseId=a%00b').set(auth(registrar)),
      'courseId',
      'nul',
    ],
  ];
  it.each(invalidText)(
    'refuses %s with 400 INVALID_TEXT naming the field, changing nothing',
    async (_name, send, field, reason) => {
      const before = await eventCount();
      const res = await send();
      expect({
        status: res.status,
        code: res.body.error?.code,
        field: res.body.error?.details?.field,
        reason: res.body.error?.details?.reason,
      }).toEqual({ status: 400, code: 'INVALID_TEXT', field, reason });
      expect(await eventCount()).toBe(before);
    },
  );

  it('accepts a current If-Match and returns the next ETag', async () => {
    const current = (await t.store.readStream('student-d1/s1')).length - 1;
    const res = await t.http
      .patch('/v1/students/s1/contact')
      .set(auth(registrar))
      .set('If-Match', `"${current}"`)
      .send({ smsNumber: '+12015550199' })
      .expect(200);
    expect(res.headers.etag).toBe(`"${current + 1}"`);
  });
});
