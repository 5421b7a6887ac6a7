import {
  startEventStoreDbStandIn,
  type EventStoreDbStandIn,
} from '../support/eventstoredb-standin/eventstoredb-standin.server';
import { CORE_STORY_ENV, runCoreStory } from '../support/core-story';
import { startTestApp } from '../support/test-app';

/**
 * Issue: EventStoreDB as the production event store. The core story over HTTP with EVENT_STORE=eventstoredb,
 * the real @eventstore/db-client over real gRPC to the protocol STAND-IN (not a real server), gives the same
 * read models as the PostgreSQL event store.
 */
describe('e2e: the core story on the EventStoreDB adapter (gRPC stand-in) equals the PostgreSQL run', () => {
  let standIn: EventStoreDbStandIn;
  beforeAll(async () => {
    standIn = await startEventStoreDbStandIn();
  });
  afterAll(async () => {
    await standIn.stop();
  });

  let onPostgresBaseline: Record<string, unknown[]>;

  it('produces the same current enrollments, threads, unrouted inbox and communication log', async () => {
    const pg = await startTestApp(CORE_STORY_ENV);
    const onPostgres = await runCoreStory(pg).finally(() => pg.close());

    const esdb = await startTestApp({ ...CORE_STORY_ENV, EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: standIn.url });
    const onEventStoreDb = await runCoreStory(esdb).finally(() => esdb.close());

    onPostgresBaseline = onPostgres;
    expect(onPostgres.log!.length).toBeGreaterThan(15);
    expect(onEventStoreDb).toEqual(onPostgres);
    // The events really went through the stand-in, not PostgreSQL.
    expect(standIn.log.records.filter((e) => e.streamId.startsWith('student-')).length).toBeGreaterThan(15);
  });

  it('loses and repeats nothing in the read models when the stand-in restarts mid-story (subscriptions dropped)', async () => {
    const restarted = await startEventStoreDbStandIn();
    const esdb = await startTestApp({ ...CORE_STORY_ENV, EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: restarted.url });
    try {
      const result = await runCoreStory(esdb, {
        afterRegistration: async () => {
          await esdb.settle();
          await restarted.stop();
          await restarted.restart();
        },
      });
      expect(result).toEqual(onPostgresBaseline);
    } finally {
      await esdb.close();
      await restarted.stop();
    }
  });

  it('answers 413 APPEND_TOO_LARGE, recording nothing, when a command makes an append over the server limit', async () => {
    // A server configured with a small --max-append-size: a long text (within the API's own limits) exceeds it.
    const small = await startEventStoreDbStandIn({ writes: { maxAppendSize: 2_000 } });
    const app = await startTestApp({ ...CORE_STORY_ENV, EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: small.url });
    try {
      const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
      const sis = auth(app.token('sis', 'sis')),
        bell = auth(app.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' }));
      await app.http
        .put('/v1/districts/d1/sms-policy')
        .set(auth(app.token('school_admin', 'adm')))
        .send({
          smsAllowed: true,
          timeZone: 'America/Denver',
          quietHours: { start: '00:00', end: '23:59' },
          allowedLinkHosts: [],
        })
        .expect(200);
      await app.http
        .post('/v1/students')
        .set(sis)
        .send({ studentId: 'kim', firstName: 'Kim', lastName: 'Lee', smsNumber: '+12015550166' })
        .expect(201);
      await app.http
        .post('/v1/students/kim/enrollments')
        .set(sis)
        .send({
          enrollmentId: 'e-kim',
          courseId: 'art',
          courseName: 'Art',
          teacherId: 't-bell',
          teacherName: 'Amy Bell',
          startedOn: '2026-09-01',
        })
        .expect(201);
      const before = small.log.stream('student-d1/kim')!.length;
      const long = 'Please bring your sketchbook, pencils and the reading for Monday. '.repeat(24);
      const res = await app.http
        .post('/v1/students/kim/sms')
        .set(bell)
        .send({ body: long, idempotencyKey: 'long-text-1' });
      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({
        code: 'APPEND_TOO_LARGE',
        message: expect.stringContaining('2000 bytes'),
        correlationId: expect.any(String),
      });
      expect(small.log.stream('student-d1/kim')).toHaveLength(before);
      await app.http
        .post('/v1/students/kim/sms')
        .set(bell)
        .send({ body: 'Please bring your sketchbook on Monday.', idempotencyKey: 'short-text-1' })
        .expect(202);
    } finally {
      await app.close();
      await small.stop();
    }
  });

  it('answers 503 EVENT_STORE_UNAVAILABLE on commands while the store is down, and writes nothing half-way', async () => {
    const down = await startEventStoreDbStandIn();
    const app = await startTestApp({ ...CORE_STORY_ENV, EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: down.url });
    try {
      const sis = { Authorization: `Bearer ${app.token('sis', 'sis')}` };
      await app.http
        .post('/v1/students')
        .set(sis)
        .send({ studentId: 'kim', firstName: 'Kim', lastName: 'Lee' })
        .expect(201);
      const before = down.log.records.length;
      await down.stop();
      const res = await app.http.post('/v1/students/kim/enrollments').set(sis).send({
        enrollmentId: 'e-kim',
        courseId: 'art',
        courseName: 'Art',
        teacherId: 't1',
        teacherName: 'Amy Bell',
        startedOn: '2026-09-01',
      });
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({ code: 'EVENT_STORE_UNAVAILABLE', correlationId: expect.any(String) });
      await down.restart();
      expect(down.log.records.length).toBe(before);
      await app.http
        .post('/v1/students/kim/enrollments')
        .set(sis)
        .send({
          enrollmentId: 'e-kim',
          courseId: 'art',
          courseName: 'Art',
          teacherId: 't1',
          teacherName: 'Amy Bell',
          startedOn: '2026-09-01',
        })
        .expect(201);
      expect(down.log.stream('student-d1/kim')!.map((e) => e.type)).toEqual(['StudentRegistered', 'EnrollmentStarted']);
    } finally {
      await app.close();
      await down.stop();
    }
  });
});
