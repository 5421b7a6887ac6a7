import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { scopedStudentStreamId } from '../../src/domain/student/student-stream';

const studentStreamId = (id: string): string => scopedStudentStreamId({ districtId: 'd1', studentId: id });
import { ProjectionFailures } from '../../src/projections/runner/projection-failures';
import { READ_MODEL_DATA_SOURCE } from '../../src/projections/runner/read-model-data-source';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

/**
 * One bad event never stops the record for anyone else. A reply whose body PostgreSQL cannot store (a NUL) is
 * written straight into the event store, as if the edge had let it through: each projection isolates it, marks that
 * student incomplete, and goes on for everyone else.
 */
describe('projections isolate an event they cannot apply', () => {
  let t: TestApp;
  let db: DataSource;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  let bell: string;

  const text = (student: string, key: string) =>
    t.http
      .post(`/v1/students/${student}/sms`)
      .set(auth(bell))
      .send({ body: `Hi, reminder ${key} about Biology.`, idempotencyKey: `isolation-${key}` })
      .expect(202);
  const threadBodies = async (student: string) =>
    (
      (await t.http.get(`/v1/students/${student}/threads/t-bell`).set(auth(bell)).expect(200)).body as {
        messages: { body: string }[];
      }
    ).messages.map((m) => m.body);

  /** A student's portal reply appended through the EventStore port, bypassing every check of the API. */
  async function appendReply(student: string, body: string): Promise<void> {
    const [first] = await t.store.readStream(studentStreamId(student), { maxCount: 1 });
    await t.store.append(
      studentStreamId(student),
      [
        {
          id: randomUUID(),
          type: 'SmsReceived',
          data: { messageId: randomUUID(), staffId: 't-bell', body, channel: 'portal', providerMessageId: null },
          metadata: {
            ...first!.metadata,
            correlationId: randomUUID(),
            causationId: randomUUID(),
            command: 'RecordInboundSms',
            occurredAt: new Date().toISOString(),
          },
        },
      ],
      'any',
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(READ_MODEL_DATA_SOURCE);
    bell = t.token('teacher', 't-bell', { initials: 'A.Bell' });
    const admin = t.token('school_admin', 'adm'),
      sis = t.token('sis', 'sis');
    await t.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(admin))
      .send({
        smsAllowed: true,
        timeZone: 'America/Chicago',
        quietHours: { start: '08:00', end: '21:00' },
        allowedLinkHosts: [],
      })
      .expect(200);
    for (const [id, phone] of [
      ['p', '+12015550141'],
      ['q', '+12015550142'],
      ['r', '+12015550143'],
    ]) {
      await t.http
        .post('/v1/students')
        .set(auth(sis))
        .send({ studentId: id, firstName: 'Kim', lastName: 'Park', smsNumber: phone })
        .expect(201);
      await t.http
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
      await text(id, `${id}-1`);
    }
    await t.settle();
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps every other student moving, holds the poisoned student back and says so', async () => {
    await appendReply('p', 'ok then\u0000secret-body-text');
    await text('p', 'p-2');
    await text('q', 'q-2');
    await t.settle();

    // q is untouched: its thread and log have the new text.
    expect(await threadBodies('q')).toContain('Hi, reminder q-2 about Biology.');
    const q = await t.http.get('/v1/students/q/log').set(auth(bell)).expect(200);
    expect(q.headers['x-record-incomplete']).toBeUndefined();
    expect((q.body as { summary: string }[]).length).toBeGreaterThan(1);

    // p's thread stops before the bad reply, and does not skip it to show the later text as if complete.
    const p = await t.http.get('/v1/students/p/threads/t-bell').set(auth(bell)).expect(200);
    expect(p.headers['x-record-incomplete']).toMatch(/threads/);
    expect(p.headers['x-record-incomplete']).toMatch(/communication-log/);
    expect((p.body as { messages: { body: string }[] }).messages.map((m) => m.body)).toEqual([
      'Hi, reminder p-1 about Biology.',
    ]);

    const failures = await t.app.get(ProjectionFailures).list();
    const threads = failures.find((f) => f.projection === 'threads');
    expect(threads).toMatchObject({ studentId: 'p', eventType: 'SmsReceived', attempts: 3 });
    expect(threads!.heldEvents).toBeGreaterThanOrEqual(1);
    expect(threads!.error).toMatch(/^22021: invalid byte sequence/);
    // The failure record never holds the body.
    expect(JSON.stringify(failures)).not.toContain('secret-body-text');

    // The dispatcher may still be recording the texts' delivery (new events): the lag reaches 0 once it is done.
    const health = await eventually(async () => {
      const res = await t.http.get('/health').expect(200);
      const threads = (res.body.projections as { name: string; lag: number }[]).find((x) => x.name === 'threads');
      expect(threads?.lag).toBe(0);
      return res;
    });
    expect(health.body.status).toBe('degraded');
    const stuck = (health.body.projections as { name: string; lag: number; stuck: { eventType: string }[] }[]).find(
      (x) => x.name === 'threads',
    );
    expect(stuck).toMatchObject({ lag: 0, stuck: [{ eventType: 'SmsReceived' }] });
    expect(JSON.stringify(health.body)).not.toContain('"p"');
  });

  it('retries an isolated event once its cause is fixed, with what it held back, in order', async () => {
    // A cause an operator can fix: a guard refusing r's thread rows (standing in for a bug fixed by a deploy).
    // As the owner: the service's own role may not change the schema.
    const owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    await owner.query(`CREATE FUNCTION refuse_r() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF NEW.student_id = 'r' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
    await owner.query(
      'CREATE TRIGGER refuse_r BEFORE INSERT ON thread_messages FOR EACH ROW EXECUTE FUNCTION refuse_r()',
    );
    await text('r', 'r-2');
    await text('r', 'r-3');
    await text('q', 'q-3');
    await t.settle();
    expect(await threadBodies('r')).toEqual(['Hi, reminder r-1 about Biology.']);
    expect(await threadBodies('q')).toContain('Hi, reminder q-3 about Biology.');

    const failures = t.app.get(ProjectionFailures);
    const failure = (await failures.list()).find((f) => f.studentId === 'r')!;
    expect(await failures.retry(failure.id)).toMatchObject({ retried: 1, cleared: 0 });
    await owner.query('DROP TRIGGER refuse_r ON thread_messages; DROP FUNCTION refuse_r()');
    await owner.end();
    expect(await failures.retry(failure.id)).toEqual({ retried: 1, cleared: 1, failed: [] });

    expect(await threadBodies('r')).toEqual([
      'Hi, reminder r-1 about Biology.',
      'Hi, reminder r-2 about Biology.',
      'Hi, reminder r-3 about Biology.',
    ]);
    const r = await t.http.get('/v1/students/r/threads/t-bell').set(auth(bell)).expect(200);
    expect(r.headers['x-record-incomplete']).toBeUndefined();
    // Live events after the retry reach r again.
    await text('r', 'r-4');
    await t.settle();
    expect(await threadBodies('r')).toContain('Hi, reminder r-4 about Biology.');
    // p's NUL cannot be fixed by a retry: it stays isolated, with its error.
    const all = await failures.retry();
    expect(all.cleared).toBe(0);
    expect(all.failed.length).toBeGreaterThan(0);
  });

  it('rebuilds around the bad event instead of failing on it, and keeps the mark', async () => {
    const before = await threadBodies('q');
    const { events } = await t.projections.rebuild();
    expect(events).toBeGreaterThan(10);
    expect(await threadBodies('q')).toEqual(before);
    const marks: { projection: string; student_id: string }[] = await db.query(
      'SELECT projection, student_id FROM projection_incomplete ORDER BY projection',
    );
    expect(marks.map((m) => m.student_id)).toEqual(marks.map(() => 'p'));
    expect(marks.map((m) => m.projection)).toContain('threads');
  });
});
