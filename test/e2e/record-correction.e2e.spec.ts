import type { DataSource } from 'typeorm';
import { READ_MODEL_DATA_SOURCE } from '../../src/projections/runner/read-model-data-source';
import { allowTexting, auth } from '../support/compliance-story';
import { startTestApp, type TestApp } from '../support/test-app';

/** Issue 15: the school corrects a student's record; it is in the log (fields, not values, for teachers), the roster and the guard. */
describe('e2e: record maintenance by the school', () => {
  let t: TestApp;
  let registrar: string, admin: string, bell: string, compliance: string;
  const log = async (token: string) =>
    (await t.http.get('/v1/students/s1/log').set(auth(token)).expect(200)).body as {
      kind: string;
      summary: string;
      details: { data: Record<string, unknown> };
    }[];

  beforeAll(async () => {
    t = await startTestApp();
    const sis = t.token('sis', 'sis');
    registrar = t.token('registrar', 'reg', { initials: 'R.Diaz' });
    admin = t.token('school_admin', 'adm');
    bell = t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' });
    compliance = t.token('compliance', 'comp');
    await allowTexting(t);
    await t.http
      .post('/v1/students')
      .set(auth(sis))
      .send({
        studentId: 's1',
        firstName: 'Sarah',
        lastName: 'Jones',
        dateOfBirth: '2009-04-17',
        username: 'sjones09',
        smsNumber: '+12015550123',
        timeZone: 'America/Denver',
      })
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

  it('the registrar corrects names, birth date, username and time zone with If-Match; the roster follows', async () => {
    const etag = (await t.http.get('/v1/students/s1').set(auth(registrar)).expect(200)).headers.etag!;
    const res = await t.http
      .patch('/v1/students/s1/record')
      .set(auth(registrar))
      .set('If-Match', etag)
      .send({
        firstName: 'Sara',
        lastName: 'Jonas',
        dateOfBirth: '2009-04-18',
        username: 'sjonas09',
        timeZone: 'America/Chicago',
        reason: 'Birth certificate received',
      })
      .expect(200);
    expect(res.body).toMatchObject({
      studentId: 's1',
      changed: true,
      fields: ['firstName', 'lastName', 'dateOfBirth', 'username', 'timeZone'],
    });
    expect(res.headers.etag).toBe(`"${BigInt(JSON.parse(etag)) + 1n}"`);
    const profile = await t.http.get('/v1/students/s1').set(auth(bell)).expect(200);
    expect(profile.body).toMatchObject({ firstName: 'Sara', lastName: 'Jonas' });
    expect(profile.headers.etag).toBe(res.headers.etag);
    const [row] = await t.app
      .get<DataSource>(READ_MODEL_DATA_SOURCE)
      .query(`SELECT time_zone FROM student_directory WHERE student_id = 's1'`);
    expect(row.time_zone).toBe('America/Chicago');
    const roster = await t.http.get('/v1/enrollments/current').set(auth(bell)).expect(200);
    expect(roster.body.map((e: { studentFirstName: string }) => e.studentFirstName)).toEqual(['Sara']);
  });

  it('the same correction again changes nothing (200, changed: false); a stale If-Match is 412', async () => {
    const again = await t.http
      .patch('/v1/students/s1/record')
      .set(auth(admin))
      .send({ lastName: 'Jonas', reason: 'Again' })
      .expect(200);
    expect(again.body).toMatchObject({ changed: false, fields: [] });
    const res = await t.http
      .patch('/v1/students/s1/record')
      .set(auth(admin))
      .set('If-Match', '"1"')
      .send({ lastName: 'Jonás', reason: 'Accent' })
      .expect(412);
    expect(res.body.error.code).toBe('PRECONDITION_FAILED');
  });

  it('never a teacher or compliance; bad input is 400 with a stable code and changes nothing', async () => {
    const before = (await t.store.readStream('student-d1/s1')).length;
    expect(
      (await t.http.patch('/v1/students/s1/record').set(auth(bell)).send({ lastName: 'X', reason: 'r' }).expect(403))
        .body.error.code,
    ).toBe('RECORD_CHANGE_NOT_ALLOWED');
    expect(
      (
        await t.http
          .patch('/v1/students/s1/record')
          .set(auth(compliance))
          .send({ lastName: 'X', reason: 'r' })
          .expect(403)
      ).body.error.code,
    ).toBe('RECORD_CHANGE_NOT_ALLOWED');
    const bad: [object, string][] = [
      [{ lastName: 'X' }, 'VALIDATION_FAILED'],
      [{ lastName: 42, reason: 'r' }, 'VALIDATION_FAILED'],
      [{ firstName: null, reason: 'r' }, 'VALIDATION_FAILED'],
      [{ smsNumber: '+12015550199', reason: 'r' }, 'VALIDATION_FAILED'],
      [{ reason: 'r' }, 'NOTHING_TO_CORRECT'],
      [{ dateOfBirth: '2009-02-30', reason: 'r' }, 'VALIDATION_FAILED'],
      [{ timeZone: 'Mars/Olympus', reason: 'r' }, 'INVALID_TIME_ZONE'],
    ];
    for (const [body, code] of bad) {
      const res = await t.http.patch('/v1/students/s1/record').set(auth(registrar)).send(body);
      expect([body, res.status, res.body.error?.code]).toEqual([body, 400, code]);
    }
    expect((await t.store.readStream('student-d1/s1')).length).toBe(before);
  });

  it("the log names the fields, never the values; a teacher's view carries neither the values nor the reason", async () => {
    await t.settle();
    const school = (await log(registrar)).find((e) => e.kind === 'record_correction')!;
    expect(school.summary).toBe(
      'Student record corrected by R.Diaz: first name, last name, date of birth, username, time zone',
    );
    expect(school.details.data).toMatchObject({
      correctedValues: { lastName: 'Jonas', dateOfBirth: '2009-04-18' },
      reason: 'Birth certificate received',
    });
    const teacher = (await log(bell)).find((e) => e.kind === 'record_correction')!;
    expect(teacher.summary).toBe(school.summary);
    expect(teacher.details.data).toEqual({
      studentId: 's1',
      fields: ['firstName', 'lastName', 'dateOfBirth', 'username', 'timeZone'],
    });
    expect(JSON.stringify(teacher)).not.toMatch(/2009-04-18|sjonas09|Birth certificate/);
  });

  it('the content guard uses the record as it is now, and keeps blocking the name before the correction', async () => {
    for (const body of [
      'Hi Sara Jonas, are you able to log on today?',
      'Hi Sara Jones, are you able to log on today?',
      'Hi Sara, your username is sjonas09',
    ]) {
      const res = await t.http
        .post('/v1/students/s1/sms')
        .set(auth(bell))
        .send({ body, idempotencyKey: `k-${body.length}-${body.slice(3, 12)}` });
      expect([body, res.status, res.body.error?.code]).toEqual([body, 422, 'CONTENT_POLICY_VIOLATION']);
    }
    await t.http
      .post('/v1/students/s1/sms')
      .set(auth(bell))
      .send({ body: 'Hi Sara, this is Mrs. Bell. Are you able to log on today?', idempotencyKey: 'k-allowed-0001' })
      .expect(202);
  });
});
