import { auth, type BadInputContext } from './request-cases';

/** Text PostgreSQL cannot store (NUL, unpaired surrogates) on every kind of route: [name, send, field, reason]. */
export const invalidTextCases = (
  c: BadInputContext,
): [
  string,
  () => Promise<{ status: number; body: { error?: { code: string; details?: Record<string, unknown> } } }>,
  string,
  string,
][] => [
  [
    'a NUL in a portal reply',
    () => c.http.post('/v1/me/threads/t-bell/replies').set(auth(c.student)).send({ body: 'ok\u0000' }),
    'body',
    'nul',
  ],
  [
    'a lone surrogate in a portal reply',
    () =>
      c.http
        .post('/v1/me/threads/t-bell/replies')
        .set(auth(c.student))
        .send('{"body":"x\\ud800y"}')
        .set('Content-Type', 'application/json'),
    'body',
    'unpaired_surrogate',
  ],
  [
    'a NUL in a note',
    () => c.http.post('/v1/students/s1/notes').set(auth(c.bell)).send({ body: 'Called\u0000home' }),
    'body',
    'nul',
  ],
  [
    'a NUL in call notes',
    () =>
      c.http
        .post('/v1/students/s1/calls')
        .set(auth(c.bell))
        .send({ direction: 'outbound', party: 'parent', outcome: 'voicemail', notes: '\u0000' }),
    'notes',
    'nul',
  ],
  [
    'a lone low surrogate in the contact address',
    () => c.http.patch('/v1/students/s1/contact').set(auth(c.registrar)).send({ address: '1 Main St \udc00' }),
    'address',
    'unpaired_surrogate',
  ],
  [
    'a NUL deep in listed contacts',
    () =>
      c.http
        .patch('/v1/students/s1/contact')
        .set(auth(c.registrar))
        .send({ listedContacts: [{ name: 'Mom\u0000', relationship: 'parent' }] }),
    'listedContacts.0.name',
    'nul',
  ],
  [
    'a NUL in a course name',
    () =>
      c.http.post('/v1/students/s1/enrollments').set(auth(c.sis)).send({
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
      c.http.post('/v1/students/s1/enrollments').set(auth(c.sis)).send({
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
      c.http
        .post('/v1/dev/sms-simulator/replies')
        .set(auth(c.registrar))
        .send({ from: '+12015550123', body: 'hi\u0000' }),
    'body',
    'nul',
  ],
  [
    'a NUL in a field name',
    () =>
      c.http
        .post('/v1/students/s1/notes')
        .set(auth(c.bell))
        .send({ ['bo\u0000dy']: 'x' }),
    'bo\u0000dy',
    'nul',
  ],
  [
    'a NUL in the query string',
    () => c.http.get('/v1/enrollments/current?courseId=a%00b').set(auth(c.registrar)),
    'courseId',
    'nul',
  ],
];
