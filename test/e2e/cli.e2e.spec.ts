import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { verifyToken } from '../../src/infrastructure/auth/token.service';
import { loadConfig } from '../../src/infrastructure/config/app-config';
import { READ_MODEL_DATA_SOURCE } from '../../src/projections/runner/read-model-data-source';
import { runCli } from '../support/run-cli';
import { startTestApp, type TestApp } from '../support/test-app';

describe('CLI: npm run -s cli -- <verb> (real child processes)', () => {
  it('content-check reads JSON lines and writes one verdict per line, exiting 1 when any text is blocked', async () => {
    const input = [
      JSON.stringify({
        student: { firstName: 'Tim', lastName: 'Ortiz' },
        text: "Hi Tim, don't forget about Algebra class - Mrs. Bell",
      }),
      JSON.stringify({
        student: { firstName: 'Tim', lastName: 'Ortiz', dateOfBirth: '2010-02-03' },
        text: 'Hi Tim Ortiz, born 2/3/2010',
      }),
      '{oops',
    ].join('\n');
    const { code, stdout } = await runCli(['content-check'], { input });
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({ allowed: true, violations: [] });
    expect(lines[1].allowed).toBe(false);
    expect(lines[1].violations.map((v: { category: string }) => v.category)).toEqual(
      expect.arrayContaining(['full_name', 'birth_date']),
    );
    expect(lines[2]).toMatchObject({ allowed: false, line: 3 });
    expect(code).toBe(1);
  });

  it('tokens mint prints a development token the service accepts, with the claims asked for', async () => {
    const env = { NODE_ENV: 'development', JWT_SECRET: undefined };
    const { code, stdout } = await runCli(
      [
        'tokens',
        'mint',
        '--role',
        'teacher',
        '--sub',
        't-bell',
        '--district',
        'd1',
        '--initials',
        'A.Bell',
        '--name',
        'Amy Bell',
      ],
      { env },
    );
    expect(code).toBe(0);
    const claims = verifyToken(loadConfig({ NODE_ENV: 'development' }), stdout.trim());
    expect(claims).toEqual({ id: 't-bell', role: 'teacher', districtId: 'd1', initials: 'A.Bell', name: 'Amy Bell' });
    const refused = await runCli(['tokens', 'mint', '--role', 'system', '--sub', 'x', '--district', 'd1'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--role must be one of/);
  });

  describe('projections rebuild', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it('drops and rebuilds every read model from the log, equal to the live tables', async () => {
      const auth = { Authorization: `Bearer ${t.token('sis', 'sis')}` };
      for (const id of ['s1', 's2', 's3']) {
        await t.http
          .post('/v1/students')
          .set(auth)
          .send({ studentId: id, firstName: 'Kim', lastName: 'Lee', smsNumber: '+12015550111' })
          .expect(201);
        await t.http
          .post(`/v1/students/${id}/enrollments`)
          .set(auth)
          .send({
            enrollmentId: `e-${id}`,
            courseId: 'art',
            courseName: 'Art',
            teacherId: 't1',
            teacherName: 'Amy Bell',
            startedOn: '2026-09-01',
          })
          .expect(201);
      }
      await t.settle();
      const db = t.app.get<DataSource>(READ_MODEL_DATA_SOURCE);
      const read = () =>
        Promise.all(
          ['current_enrollments', 'student_directory', 'communication_log'].map((table) =>
            db.query(`SELECT * FROM ${table} ORDER BY 1`),
          ),
        );
      const live = await read();
      const { code, stdout, stderr } = await runCli(['projections', 'rebuild'], {
        env: { DATABASE_URL: t.db.url, LOG_LEVEL: 'silent' },
      });
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(stdout.trim().split('\n').pop()!)).toMatchObject({ events: 6 });
      expect(await read()).toEqual(live);
    });

    it('projections failures lists an isolated event, and projections retry re-applies it once its cause is fixed', async () => {
      const owner = new Client({ connectionString: t.db.url });
      await owner.connect();
      const env = { DATABASE_URL: t.db.url, LOG_LEVEL: 'silent' };
      try {
        // A cause an operator can remove: a guard refusing one student's directory row.
        await owner.query(`CREATE FUNCTION refuse_s9() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          IF NEW.student_id = 's9' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$;
          CREATE TRIGGER refuse_s9 BEFORE INSERT ON student_directory FOR EACH ROW EXECUTE FUNCTION refuse_s9()`);
        await t.http
          .post('/v1/students')
          .set({ Authorization: `Bearer ${t.token('sis', 'sis')}` })
          .send({ studentId: 's9', firstName: 'Ida', lastName: 'Moss', smsNumber: '+12015550119' })
          .expect(201);
        await t.settle();
        const listed = await runCli(['projections', 'failures'], { env });
        expect(listed.code).toBe(0);
        const failures = listed.stdout
          .trim()
          .split('\n')
          .map(
            (l) =>
              JSON.parse(l) as { id: string; projection: string; studentId: string; eventType: string; error: string },
          );
        expect(failures).toEqual([
          expect.objectContaining({
            projection: 'roster',
            studentId: 's9',
            eventType: 'StudentRegistered',
            error: 'P0001: refused for the test',
          }),
        ]);

        const stillBroken = await runCli(['projections', 'retry', '--id', failures[0]!.id], { env });
        expect(stillBroken.code).toBe(1);
        await owner.query('DROP TRIGGER refuse_s9 ON student_directory; DROP FUNCTION refuse_s9()');
        const retried = await runCli(['projections', 'retry', '--all'], { env });
        expect({ code: retried.code, result: JSON.parse(retried.stdout.trim()) }).toEqual({
          code: 0,
          result: { retried: 1, cleared: 1, failed: [] },
        });
        expect(
          (await owner.query('SELECT first_name FROM student_directory WHERE student_id = $1', ['s9'])).rows,
        ).toEqual([{ first_name: 'Ida' }]);
        expect((await runCli(['projections', 'failures'], { env })).stdout.trim()).toBe('');
      } finally {
        await owner.end();
      }
    });
  });
});
