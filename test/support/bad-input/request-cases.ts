import type { TestApp } from '../test-app';

/** What the cases send with: filled in by the suite's beforeAll (the cases read it only when they run). */
export interface BadInputContext {
  http: TestApp['http'];
  sis: string;
  bell: string;
  registrar: string;
  student: string;
}

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Malformed, unknown, out-of-range and refused requests: each a 4xx with a stable code, changing nothing. */
export const requestCases = (
  c: BadInputContext,
): [
  string,
  () => Promise<{ status: number; body: { error?: { code: string; message: string; correlationId: string } } }>,
  number,
  string,
][] => [
  [
    'malformed JSON',
    () =>
      c.http.post('/v1/students').set(auth(c.sis)).set('Content-Type', 'application/json').send('{"studentId": "s2",'),
    400,
    'MALFORMED_JSON',
  ],
  [
    'an unknown field',
    () =>
      c.http
        .post('/v1/students')
        .set(auth(c.sis))
        .send({ studentId: 's2', firstName: 'A', lastName: 'B', isAdmin: true }),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a wrong type',
    () => c.http.post('/v1/students').set(auth(c.sis)).send({ studentId: 's2', firstName: 42, lastName: 'B' }),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a __proto__ key',
    () =>
      c.http
        .post('/v1/students/s1/notes')
        .set(auth(c.bell))
        .set('Content-Type', 'application/json')
        .send('{"body":"hi","__proto__":{"role":"school_admin"}}'),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a constructor key',
    () =>
      c.http
        .post('/v1/students/s1/notes')
        .set(auth(c.bell))
        .send({ body: 'hi', constructor: { prototype: {} } }),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a listed contact that is not an object',
    () =>
      c.http
        .post('/v1/students')
        .set(auth(c.sis))
        .send({ studentId: 's3', firstName: 'A', lastName: 'B', listedContacts: [[]] }),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a gzip body that does not decode',
    () =>
      c.http
        .post('/v1/students/s1/notes')
        .set(auth(c.bell))
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .send('{"body":"not gzip"}'),
    400,
    'UNDECODABLE_BODY',
  ],
  [
    'an unknown Content-Encoding',
    () =>
      c.http
        .post('/v1/students/s1/notes')
        .set(auth(c.bell))
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'compress')
        .send('{"body":"x"}'),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  ],
  [
    'a missing field',
    () => c.http.post('/v1/students/s1/sms').set(auth(c.bell)).send({ body: 'Hi Sarah' }),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a bad phone number',
    () =>
      c.http
        .post('/v1/students')
        .set(auth(c.sis))
        .send({ studentId: 's2', firstName: 'A', lastName: 'B', smsNumber: '555-12' }),
    400,
    'INVALID_PHONE_NUMBER',
  ],
  [
    'a landline-only or impossible number',
    () => c.http.patch('/v1/students/s1/contact').set(auth(c.registrar)).send({ smsNumber: '+1 200 555 0100' }),
    400,
    'INVALID_PHONE_NUMBER',
  ],
  [
    'an unknown student',
    () => c.http.post('/v1/students/nobody/sms').set(auth(c.bell)).send({ body: 'Hi', idempotencyKey: 'key-00000001' }),
    404,
    'STUDENT_NOT_FOUND',
  ],
  [
    'an unknown enrollment',
    () => c.http.post('/v1/students/s1/enrollments/nope/end').set(auth(c.sis)).send({ endedOn: '2026-12-01' }),
    404,
    'ENROLLMENT_NOT_FOUND',
  ],
  [
    'an id with forbidden characters',
    () =>
      c.http.post('/v1/students/..%2Fadmin/sms').set(auth(c.bell)).send({ body: 'Hi', idempotencyKey: 'key-00000001' }),
    400,
    'INVALID_ID',
  ],
  [
    'an oversized body',
    () =>
      c.http
        .post('/v1/students/s1/notes')
        .set(auth(c.bell))
        .send({ body: 'x'.repeat(200_000) }),
    413,
    'PAYLOAD_TOO_LARGE',
  ],
  [
    'an empty text',
    () => c.http.post('/v1/students/s1/sms').set(auth(c.bell)).send({ body: '   ', idempotencyKey: 'key-00000002' }),
    400,
    'EMPTY_MESSAGE',
  ],
  [
    'a text over 1,600 characters',
    () =>
      c.http
        .post('/v1/students/s1/sms')
        .set(auth(c.bell))
        .send({ body: 'y'.repeat(1601), idempotencyKey: 'key-00000003' }),
    400,
    'MESSAGE_TOO_LONG',
  ],
  [
    'a bad date',
    () =>
      c.http.post('/v1/students/s1/enrollments').set(auth(c.sis)).send({
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
    () => c.http.post('/v1/students/s1/notes').set(auth(c.bell)).set('Content-Type', 'text/plain').send('hello'),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  ],
  ['no token', () => c.http.post('/v1/students/s1/notes').send({ body: 'hello' }), 401, 'UNAUTHENTICATED'],
  [
    'a forged token',
    () =>
      c.http
        .post('/v1/students/s1/notes')
        .set('Authorization', `Bearer ${c.bell.slice(0, -4)}AAAA`)
        .send({ body: 'hello' }),
    401,
    'UNAUTHENTICATED',
  ],
  [
    'a stale If-Match',
    () =>
      c.http
        .patch('/v1/students/s1/contact')
        .set(auth(c.registrar))
        .set('If-Match', '"0"')
        .send({ smsNumber: '+12015550199' }),
    412,
    'PRECONDITION_FAILED',
  ],
  [
    'a malformed If-Match',
    () =>
      c.http
        .patch('/v1/students/s1/contact')
        .set(auth(c.registrar))
        .set('If-Match', 'yesterday')
        .send({ smsNumber: '+12015550199' }),
    400,
    'INVALID_IF_MATCH',
  ],
  ['an unknown route', () => c.http.get('/v1/nothing-here').set(auth(c.bell)), 404, 'ROUTE_NOT_FOUND'],
];
