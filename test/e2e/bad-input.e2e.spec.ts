import { invalidTextCases } from '../support/bad-input/invalid-text-cases';
import { auth, requestCases, type BadInputContext } from '../support/bad-input/request-cases';
import { startTestApp, type TestApp } from '../support/test-app';

/** Every class of bad input gets a 4xx with a stable code, a sentence and a correlation id, and changes nothing. */
describe('e2e: bad input changes nothing', () => {
  let t: TestApp;
  const c = {} as BadInputContext;
  const eventCount = () => t.eventCount();

  beforeAll(async () => {
    t = await startTestApp();
    Object.assign(c, {
      http: t.http,
      sis: t.token('sis', 'sis'),
      bell: t.token('teacher', 't-bell', { initials: 'A.Bell' }),
      registrar: t.token('registrar', 'reg'),
      student: t.token('student', 's1'),
    });
    const { sis } = c;
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

  const cases = requestCases(c);

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
  const invalidText = invalidTextCases(c);
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
      .set(auth(c.registrar))
      .set('If-Match', `"${current}"`)
      .send({ smsNumber: '+12015550199' })
      .expect(200);
    expect(res.headers.etag).toBe(`"${current + 1}"`);
  });
});
