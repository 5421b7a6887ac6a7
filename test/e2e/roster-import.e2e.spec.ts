import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rosterBundle } from '../support/oneroster-bundle';
import { runCli } from '../support/run-cli';
import { startTestApp, type TestApp } from '../support/test-app';

describe('rostering: OneRoster CSV import and bulk registration', () => {
  let t: TestApp;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  let sis: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    sis = auth(t.token('sis', 'sis-1'));
    admin = auth(t.token('school_admin', 'adm-1'));
  });
  afterAll(() => t.close());

  const eventCount = () => t.eventCount();
  const current = async () => {
    await t.settle();
    const res = await t.http.get('/v1/enrollments/current').set(admin);
    expect(res.status).toBe(200);
    return res.body as {
      enrollmentId: string;
      studentId: string;
      courseName: string;
      teacherId: string;
      teacherName: string;
    }[];
  };

  it('registers students with their guardians and birth dates and starts their enrollments, reporting every row', async () => {
    const bundle = rosterBundle({ students: 6, classes: 2, perStudent: 2 });
    const res = await t.http.post('/v1/roster/oneroster').set(sis).send({ files: bundle });
    expect(res.status).toBe(200);
    expect(res.body.counts).toMatchObject({ registered: 6, enrollment_started: 12, rejected: 0 });
    expect(res.body.rows).toHaveLength(18);
    expect(res.body.rows[0]).toMatchObject({
      file: 'enrollments',
      line: expect.any(Number),
      sourcedId: expect.any(String),
      outcome: 'enrollment_started',
    });
    const rows = await current();
    expect(rows).toHaveLength(12);
    expect(rows.find((r) => r.enrollmentId === 'or-e0-0')).toMatchObject({
      studentId: 'or-s0',
      courseName: 'Course 0, Section A',
      teacherId: 'or-t0',
      teacherName: 'Amy Teacher0',
    });
    const [registered] = (await t.store.readStream('student-d1/or-s0')).filter((e) => e.type === 'StudentRegistered');
    expect(registered!.data).toMatchObject({
      dateOfBirth: '2010-04-17',
      smsNumber: '+12015550000',
      username: 'student0',
      listedContacts: [{ name: 'Pat Parent0', relationship: 'guardian', phone: null }],
    });
  });

  it('is idempotent: the same bundle again changes nothing and says so row by row', async () => {
    const before = await eventCount();
    const res = await t.http
      .post('/v1/roster/oneroster')
      .set(sis)
      .send({ files: rosterBundle({ students: 6, classes: 2, perStudent: 2 }) });
    expect(res.status).toBe(200);
    expect(res.body.counts).toMatchObject({ unchanged: 18, registered: 0, enrollment_started: 0, enrollment_ended: 0 });
    expect(await eventCount()).toBe(before);
  });

  it('reconciles a bulk re-import: an enrollment that vanished from the files is ended', async () => {
    const bundle = rosterBundle({ students: 6, classes: 2, perStudent: 2 });
    bundle.enrollments = bundle.enrollments
      .split('\r\n')
      .filter((line) => !line.startsWith('or-e3-'))
      .join('\r\n');
    const res = await t.http.post('/v1/roster/oneroster').set(sis).send({ mode: 'bulk', files: bundle });
    expect(res.status).toBe(200);
    const ended = res.body.rows.filter((r: { outcome: string }) => r.outcome === 'enrollment_ended');
    expect(ended.map((r: { sourcedId: string; file: string }) => [r.file, r.sourcedId]).sort()).toEqual([
      ['reconcile', 'or-e3-0'],
      ['reconcile', 'or-e3-1'],
    ]);
    const ids = (await current()).map((r) => r.enrollmentId);
    expect(ids).not.toContain('or-e3-0');
    expect(ids).toHaveLength(10);
  });

  it('a delta import applies only what it names: a row to be deleted ends one enrollment, nothing else is reconciled', async () => {
    const header =
      'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate';
    const files = {
      users: 'sourcedId,givenName,familyName\r\n',
      classes: 'sourcedId,title\r\n',
      enrollments: `${header}\r\nor-e4-0,tobedeleted,2026-12-01,or-c0,sch1,or-s4,student,false,2026-08-24,2026-12-01\r\n`,
    };
    const res = await t.http.post('/v1/roster/oneroster').set(sis).send({ mode: 'delta', files });
    expect(res.status).toBe(200);
    expect(res.body.counts).toMatchObject({ enrollment_ended: 1, rejected: 0 });
    expect((await current()).map((r) => r.enrollmentId)).toHaveLength(9);
  });

  it('refuses bad rows one by one and keeps the good ones', async () => {
    const bundle = rosterBundle({ students: 2, classes: 1, perStudent: 1, prefix: 'bad' });
    bundle.users = bundle.users.replace('+12015550001', '+1201555000');
    bundle.enrollments += 'bad-e9,active,2026-08-01,no-such-class,sch1,bad-s0,student,false,2026-08-24,\r\n';
    const res = await t.http.post('/v1/roster/oneroster').set(sis).send({ files: bundle });
    expect(res.status).toBe(200);
    const byId = new Map(res.body.rows.map((r: { sourcedId: string }) => [r.sourcedId, r]));
    expect(byId.get('bad-s1')).toMatchObject({ outcome: 'rejected', code: expect.stringMatching(/PHONE|NUMBER/) });
    expect(byId.get('bad-e1-0')).toMatchObject({ outcome: 'skipped', code: 'STUDENT_NOT_IMPORTED' });
    expect(byId.get('bad-e9')).toMatchObject({
      outcome: 'rejected',
      code: 'CLASS_NOT_FOUND',
      line: expect.any(Number),
    });
    expect(byId.get('bad-s0')).toMatchObject({ outcome: 'registered' });
  });

  it('answers 400 INVALID_ONEROSTER_FILE for a file without its required columns, and changes nothing', async () => {
    const before = await eventCount();
    const res = await t.http
      .post('/v1/roster/oneroster')
      .set(sis)
      .send({ files: { users: 'id,name\r\n1,x\r\n', classes: 'sourcedId,title\r\n', enrollments: 'sourcedId\r\n' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'INVALID_ONEROSTER_FILE',
      correlationId: expect.any(String),
      details: { file: 'users.csv' },
    });
    expect(res.body.error.message).toMatch(/givenName/);
    expect(await eventCount()).toBe(before);
  });

  it('keeps the import to the school and sync roles', async () => {
    const files = rosterBundle({ students: 1, classes: 1, perStudent: 1, prefix: 'no' });
    for (const role of ['teacher', 'compliance', 'analytics', 'student'] as const) {
      const res = await t.http
        .post('/v1/roster/oneroster')
        .set(auth(t.token(role, `${role}-1`)))
        .send({ files });
      expect(res.status).toBe(403);
    }
  });

  it('registers students in bulk as JSON, answering each one', async () => {
    const res = await t.http
      .post('/v1/students/bulk')
      .set(sis)
      .send({
        students: [
          { studentId: 'bulk-1', firstName: 'Ana', lastName: 'Lopez', smsNumber: '(201) 555-0177' },
          { studentId: 'bulk-2', firstName: 'Ben', lastName: 'Ng', smsNumber: '12' },
          { studentId: 'bulk-1', firstName: 'Ana', lastName: 'Lopez', smsNumber: '(201) 555-0177' },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toEqual({
      studentId: 'bulk-1',
      outcome: expect.stringMatching(/registered|unchanged/),
    });
    expect(res.body.results[1]).toMatchObject({
      studentId: 'bulk-2',
      outcome: 'rejected',
      code: expect.any(String),
      message: expect.any(String),
    });
    expect(res.body.results.filter((r: { outcome: string }) => r.outcome === 'registered')).toHaveLength(1);
  });

  it('imports a folder from the command line as the SIS would, printing the report', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oneroster-'));
    for (const [name, text] of Object.entries(rosterBundle({ students: 3, classes: 1, perStudent: 1, prefix: 'cli' })))
      writeFileSync(path.join(dir, `${name}.csv`), text);
    const env = { DATABASE_URL: t.db.url, LOG_LEVEL: 'silent' };
    const run = await runCli(['roster', 'import', '--dir', dir, '--district', 'd1', '--operator', 'ops.kim'], { env });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout.trim().split('\n').pop()!)).toMatchObject({
      mode: 'bulk',
      counts: { registered: 3, enrollment_started: 3, rejected: 0 },
    });
    const [registered] = await t.store.readStream('student-d1/cli-s0', { maxCount: 1 });
    expect(registered!.metadata).toMatchObject({ actor: { id: 'cli:ops.kim', role: 'sis', districtId: 'd1' } });
    const missing = await runCli(['roster', 'import', '--dir', os.tmpdir(), '--district', 'd1'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/users.csv is missing/);
  });
});
