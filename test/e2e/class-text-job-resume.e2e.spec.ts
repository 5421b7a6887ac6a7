import type { Response } from 'supertest';
import { allowTexting, auth } from '../support/compliance-story';
import type { TestDatabase } from '../support/database';
import { rosterBundle } from '../support/oneroster-bundle';
import { OpenApiResponseValidator } from '../support/openapi-response-validator';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

const STUDENTS = 230;

/** Issue 16, item 4: more than 200 students run as a tracked job, which a restart resumes without texting anyone twice. */
describe('e2e: a class text of more than 200 students is a job that survives a restart', () => {
  let t: TestApp;
  let db: TestDatabase;
  let validator: OpenApiResponseValidator;
  const conforms = (res: Response) => {
    expect(
      validator.problems(res.request.method, res.request.url, res.status, res.headers['content-type'], res.body),
    ).toEqual([]);
    return res;
  };

  beforeAll(async () => {
    t = await startTestApp();
    db = t.db;
    validator = new OpenApiResponseValidator((await t.http.get('/docs-json').expect(200)).body);
    await allowTexting(t);
    const sis = auth(t.token('sis', 'sis-sync'));
    const res = await t.http
      .post('/v1/roster/oneroster')
      .set(sis)
      .send({ files: rosterBundle({ students: STUDENTS, classes: 1, perStudent: 1, prefix: 'big' }) })
      .expect(200);
    expect(res.body.counts).toMatchObject({ registered: STUDENTS, enrollment_started: STUDENTS, rejected: 0 });
    await t.settle();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 202 with progress; stopped part-way, the next start finishes it; every student has exactly one text', async () => {
    const teacher = () => auth(t.token('teacher', 'big-t0', { initials: 'A.T', name: 'Amy Teacher0' }));
    const started = conforms(
      await t.http
        .post('/v1/sections/big-c0/texts')
        .set(teacher())
        .send({
          body: 'Hi {firstName}, study session today at 1:00 in {className} - {teacherName}',
          idempotencyKey: 'big-c0-study-1',
        })
        .expect(202),
    );
    expect(started.body).toMatchObject({ status: 'running', total: STUDENTS });
    const location = started.headers.location as string;
    const jobId = started.body.jobId as string;

    // Some students done, not all: stop the service there.
    const partway = await eventually(async () => {
      const view = conforms(await t.http.get(location).set(teacher()).expect(200)).body;
      expect(view.done).toBeGreaterThan(0);
      return view;
    });
    expect(partway.done).toBeLessThan(STUDENTS);
    await t.app.close();
    const stoppedAt = new Date().toISOString();

    // The same database, a new process: the job resumes on its own.
    t = await startTestApp({}, {}, db);
    t.close = async () => {
      await t.app.close();
      await db.drop();
    };
    const finished = await eventually(async () => {
      const view = conforms(await t.http.get(location).set(teacher()).expect(200)).body;
      expect(view.status).toBe('finished');
      return view;
    }, 60_000);
    expect(finished).toMatchObject({
      total: STUDENTS,
      done: STUDENTS,
      counts: { queued: STUDENTS, scheduled: 0, notSent: 0 },
    });
    expect(new Set(finished.students.map((s: { studentId: string }) => s.studentId)).size).toBe(STUDENTS);

    const recorded = await t.store.readStream(`class-text-job-${jobId}`);
    expect(recorded.at(-1)!.type).toBe('ClassTextJobFinished');
    expect(recorded.some((e) => e.type === 'ClassTextStudentsDone' && e.recordedAt > stoppedAt)).toBe(true);
    await t.settle();
    const queued = (await t.store.readAll({ maxCount: 1_000_000 })).filter((e) => e.type === 'SmsQueued');
    const perStudent = new Map<string, number>();
    for (const e of queued) perStudent.set(e.streamId, (perStudent.get(e.streamId) ?? 0) + 1);
    expect(perStudent.size).toBe(STUDENTS);
    expect([...perStudent.values()].every((n) => n === 1)).toBe(true);
    expect(queued.map((e) => (e.data as { body: string }).body)).toContain(
      'Hi Sam, study session today at 1:00 in Course 0, Section A - Amy Teacher0',
    );

    // Asked again after it finished: the finished job, 200, nothing more sent.
    const again = conforms(
      await t.http
        .post('/v1/sections/big-c0/texts')
        .set(teacher())
        .send({
          body: 'Hi {firstName}, study session today at 1:00 in {className} - {teacherName}',
          idempotencyKey: 'big-c0-study-1',
        })
        .expect(200),
    );
    expect(again.body).toMatchObject({ jobId, status: 'finished', done: STUDENTS });
  });
});
