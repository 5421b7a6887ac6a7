import { startTestApp, type TestApp } from '../support/test-app';

describe('e2e: the content guard on SendSms and the preview route', () => {
  let t: TestApp;
  let bell: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    const admin = t.token('school_admin', 'adm'),
      sis = t.token('sis', 'sis');
    bell = t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' });
    await t.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(admin))
      .send({
        smsAllowed: true,
        timeZone: 'America/Chicago',
        quietHours: { start: '08:00', end: '21:00' },
        allowedLinkHosts: ['school.org'],
      })
      .expect(200);
    await t.http
      .post('/v1/students')
      .set(auth(sis))
      .send({
        studentId: 'sarah',
        firstName: 'Sarah',
        lastName: 'Jones',
        dateOfBirth: '2009-04-17',
        address: '12 Oak Avenue',
        username: 'sjones09',
        smsNumber: '+12015550123',
      })
      .expect(201);
    await t.http
      .post('/v1/students/sarah/enrollments')
      .set(auth(sis))
      .send({
        enrollmentId: 'e1',
        courseId: 'ela',
        courseName: 'ELA 9',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn: '2026-08-24',
      })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a text that names the student in full, with every violation, and queues nothing', async () => {
    const before = (await t.store.readStream('student-d1/sarah')).length;
    const res = await t.http
      .post('/v1/students/sarah/sms')
      .set(auth(bell))
      .send({ body: 'Sarah Jones, your grade is a D and your password is Tiger22', idempotencyKey: 'guard-0001' })
      .expect(422);
    expect(res.body.error.code).toBe('CONTENT_POLICY_VIOLATION');
    expect(res.body.error.details.violations.map((v: { category: string }) => v.category)).toEqual(
      expect.arrayContaining(['full_name', 'grade', 'credentials']),
    );
    expect((await t.store.readStream('student-d1/sarah')).length).toBe(before);
  });

  it('refuses media as pictures', async () => {
    const res = await t.http
      .post('/v1/students/sarah/sms')
      .set(auth(bell))
      .send({ body: 'Here you go', idempotencyKey: 'guard-0002', mediaUrls: ['https://cdn.example.com/a.png'] })
      .expect(422);
    expect(res.body.error.details.violations[0].category).toBe('media');
  });

  it('previews the same verdict without sending anything, for teachers of the student only', async () => {
    const before = (await t.store.readStream('student-d1/sarah')).length;
    const bad = await t.http
      .post('/v1/students/sarah/sms/preview')
      .set(auth(bell))
      .send({ body: 'Happy birthday April 17, 2009!' })
      .expect(200);
    expect(bad.body).toMatchObject({
      allowed: false,
      language: 'en',
      violations: [expect.objectContaining({ category: 'birth_date', suggestion: 'Take the birth date out.' })],
      suggestedRewrite: 'Happy birthday!',
    });
    const spanish = await t.http
      .post('/v1/students/sarah/sms/preview')
      .set(auth(bell))
      .send({ body: 'Hola Sarah Jones, tu contraseña es Tigre2024 y estás reprobando Álgebra.' })
      .expect(200);
    expect(spanish.body.language).toBe('es');
    expect(spanish.body.violations.map((v: { category: string }) => v.category)).toEqual([
      'full_name',
      'credentials',
      'grade',
    ]);
    expect(spanish.body.suggestedRewrite).toBe(
      'Hola Sarah, tu datos de acceso (ver el portal) y revisa tu calificación en el portal Álgebra.',
    );
    const again = await t.http
      .post('/v1/students/sarah/sms/preview')
      .set(auth(bell))
      .send({ body: spanish.body.suggestedRewrite })
      .expect(200);
    expect(again.body).toEqual({ allowed: true, violations: [] });
    const good = await t.http
      .post('/v1/students/sarah/sms/preview')
      .set(auth(bell))
      .send({ body: "Hello Sarah, don't forget we have a study session today at 1:00. - Mrs. Bell" })
      .expect(200);
    expect(good.body).toEqual({ allowed: true, violations: [] });
    await t.http
      .post('/v1/students/sarah/sms/preview')
      .set(auth(t.token('teacher', 't-other')))
      .send({ body: 'Hi' })
      .expect(403);
    expect((await t.store.readStream('student-d1/sarah')).length).toBe(before);
  });
});
