import { startTestApp, type TestApp } from '../support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const STUDENTS = ['a', 'b'];
const PER_STUDENT = 40;

/**
 * Two replicas of the service on one database: a burst of texts to the same busy students, through both at once.
 * A conflict between replicas on a student's stream is the service's business (retried inside, bounded, jittered),
 * never the client's; a 409 stays for a real client conflict (a reused idempotency key).
 */
describe('two replicas on one database', () => {
  let one: TestApp;
  let two: TestApp;
  beforeAll(async () => {
    one = await startTestApp();
    two = await startTestApp({}, {}, one.db);
    const admin = one.token('school_admin', 'adm'),
      sis = one.token('sis', 'sis');
    await one.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(admin))
      .send({
        smsAllowed: true,
        timeZone: 'America/Chicago',
        quietHours: { start: '08:00', end: '21:00' },
        allowedLinkHosts: [],
      })
      .expect(200);
    for (const id of STUDENTS) {
      await one.http
        .post('/v1/students')
        .set(auth(sis))
        .send({
          studentId: id,
          firstName: id.toUpperCase(),
          lastName: 'Smith',
          smsNumber: `+1201555010${STUDENTS.indexOf(id)}`,
        })
        .expect(201);
      await one.http
        .post(`/v1/students/${id}/enrollments`)
        .set(auth(sis))
        .send({
          enrollmentId: `e-${id}`,
          courseId: 'bio',
          courseName: 'Biology',
          teacherId: 't-bell',
          teacherName: 'Amy Bell',
          startedOn: '2026-09-01',
        })
        .expect(201);
    }
  }, 60_000);
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  it('a concurrent burst with distinct idempotency keys answers 202 to every send, 0 × 409', async () => {
    const bell = one.token('teacher', 't-bell', { initials: 'A.Bell' });
    const sends = [];
    for (let i = 0; i < PER_STUDENT; i++) {
      for (const id of STUDENTS) {
        const replica = (i + STUDENTS.indexOf(id)) % 2 ? one : two;
        sends.push(
          replica.http
            .post(`/v1/students/${id}/sms`)
            .set(auth(bell))
            .send({ body: `Reminder ${i}: study session at 1:00 - Mrs. Bell`, idempotencyKey: `burst-${id}-${i}` }),
        );
      }
    }
    const answers = await Promise.all(sends);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(0);
    expect(answers.filter((r) => r.status !== 202).map((r) => [r.status, r.body])).toEqual([]);
    for (const id of STUDENTS) {
      const queued = (await one.store.readStream(`student-d1/${id}`)).filter((e) => e.type === 'SmsQueued');
      expect(queued).toHaveLength(PER_STUDENT);
    }
  }, 60_000);

  it('keeps 409 for a reused idempotency key, whichever replica sees it', async () => {
    const bell = one.token('teacher', 't-bell', { initials: 'A.Bell' });
    await one.http
      .post('/v1/students/a/sms')
      .set(auth(bell))
      .send({ body: 'Hi A, welcome!', idempotencyKey: 'reused-key-1' })
      .expect(202);
    const res = await two.http
      .post('/v1/students/a/sms')
      .set(auth(bell))
      .send({ body: 'Hi A, something else', idempotencyKey: 'reused-key-1' })
      .expect(409);
    expect(res.body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
  });
});
