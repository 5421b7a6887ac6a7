import { auth, allowTexting } from '../support/compliance-story';
import { firstBytesOnly } from '../support/first-bytes';
import { ACTOR, WHO, type Cell, type Fixture, type RouteCase, type Who } from '../support/authorization-matrix/matrix';
import { RECORD_ROUTES } from '../support/authorization-matrix/routes-records';
import { STUDENT_ROUTES } from '../support/authorization-matrix/routes-students';
import type { INestApplication } from '@nestjs/common';
import { fastifyOf } from '../../src/infrastructure/http/http-app';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

/** Every route x every kind of caller x same or foreign district: the columns are in authorization-matrix/matrix.ts. */
const ROUTES: RouteCase[] = [...STUDENT_ROUTES, ...RECORD_ROUTES];

/**
 * Every route the app mounts, as "METHOD /path": Fastify tells each one to its onRoute hooks as it is added (the
 * HEAD twins it adds to GET routes by itself are left out: no route of the API declares HEAD).
 */
function recordRoutes(app: INestApplication, into: string[]): void {
  fastifyOf(app).addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') into.push(`${method} ${route.url}`);
  });
}

describe('e2e: authorization matrix (every route x every role x same/foreign district)', () => {
  let t: TestApp;
  const fixture: Fixture = { noteId: '', noteInErrorId: '', callId: '', messageId: '', replyId: '', classTextId: '' };
  let n = 0;
  const mounted: string[] = [];
  const token = (who: Who, district: 'd1' | 'd2') =>
    t.token(ACTOR[who].role, ACTOR[who].sub, { district, initials: ACTOR[who].sub });

  beforeAll(async () => {
    t = await startTestApp({}, {}, undefined, (app) => recordRoutes(app, mounted));
    await allowTexting(t);
    const d1 = (who: Who) => auth(token(who, 'd1'));
    for (const [id, phone, teacher, enr] of [
      ['m-main', '+12015550151', 't-main', 'enr-main'],
      ['m-opt', '+12015550152', 't-main', 'enr-opt'],
      ['m-other', '+12015550153', 't-other', 'enr-other'],
    ] as const) {
      await t.http
        .post('/v1/students')
        .set(d1('sis'))
        .send({ studentId: id, firstName: 'Kim', lastName: 'Lee', smsNumber: phone })
        .expect(201);
      await t.http
        .post(`/v1/students/${id}/enrollments`)
        .set(d1('sis'))
        .send({
          enrollmentId: enr,
          courseId: 'art',
          courseName: 'Art',
          teacherId: teacher,
          teacherName: teacher,
          startedOn: '2026-09-01',
        })
        .expect(201);
    }
    await t.http
      .post('/v1/students/m-main/enrollments')
      .set(d1('sis'))
      .send({
        enrollmentId: 'enr-end',
        courseId: 'pe',
        courseName: 'PE',
        teacherId: 't-x',
        teacherName: 'X',
        startedOn: '2026-09-01',
      })
      .expect(201);
    await t.settle();
    const sent = await t.http
      .post('/v1/students/m-main/sms')
      .set(d1('teacherOf'))
      .send({ body: 'Welcome to Art class! - Mr. Main', idempotencyKey: 'matrix-welcome' })
      .expect(202);
    fixture.messageId = sent.body.messageId;
    fixture.noteId = (
      await t.http.post('/v1/students/m-main/notes').set(d1('teacherOf')).send({ body: 'First note' }).expect(201)
    ).body.noteId;
    fixture.noteInErrorId = (
      await t.http.post('/v1/students/m-main/notes').set(d1('teacherOf')).send({ body: 'Second note' }).expect(201)
    ).body.noteId;
    fixture.callId = (
      await t.http
        .post('/v1/students/m-main/calls')
        .set(d1('teacherOf'))
        .send({ direction: 'outbound', party: 'student', outcome: 'no_answer' })
        .expect(201)
    ).body.callId;
    await eventually(async () => {
      const thread = await t.http.get('/v1/students/m-main/threads/t-main').set(d1('teacherOf')).expect(200);
      expect(thread.body.messages[0].status).toBe('delivered');
    });
    await t.http
      .post('/v1/dev/sms-simulator/replies')
      .set(d1('registrar'))
      .send({ from: '+12015550151', body: 'Thanks, Mr. Main' })
      .expect(202);
    fixture.replyId = await eventually(async () => {
      const thread = await t.http.get('/v1/students/m-main/threads/t-main').set(d1('teacherOf')).expect(200);
      return thread.body.messages.find((m: { direction: string }) => m.direction === 'inbound').messageId as string;
    });
    await t.http
      .post('/v1/dev/sms-simulator/replies')
      .set(d1('registrar'))
      .send({ from: '+12015550153', body: 'Is this my teacher?' })
      .expect(202);
    fixture.classTextId = (
      await t.http
        .post('/v1/sections/art/texts')
        .set(d1('teacherOf'))
        .send({ body: 'Hi {firstName} - Mr. Main', idempotencyKey: 'matrix-class-text' })
        .expect(201)
    ).body.jobId;
    await t.settle();
  });
  afterAll(async () => {
    await t.close();
  });

  it('covers every route the app mounts', () => {
    const covered = new Set(ROUTES.map((r) => `${r.method.toUpperCase()} ${r.route}`));
    // Left out: Swagger's pages and their static files (mounted before the hook that records routes).
    const missing = mounted.filter((r) => !covered.has(r) && !r.startsWith('GET /docs'));
    // And the other way round: the matrix checks no route the app does not have (the recording saw them all).
    const notMounted = [...covered].filter((r) => !mounted.includes(r));
    expect(notMounted).toEqual([]);
    expect(missing).toEqual([]);
  });

  it.each(
    ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.path(fixture).replace(/[0-9a-f-]{36}/g, ':uuid')}`, r] as const),
  )('%s', async (_name, r) => {
    const expected: Record<string, number> = {};
    const actual: Record<string, number> = {};
    for (const district of ['d1', 'd2'] as const) {
      const statuses = (district === 'd1' ? r.same : r.foreign).split(' ').map(Number);
      for (const [i, who] of WHO.entries()) {
        const cell: Cell = { who, district, n: n++ };
        let req = t.http[r.method](r.path(fixture)).set(auth(token(who, district)));
        if (r.body) req = req.send(r.body(cell, fixture));
        if (r.stream) req = firstBytesOnly(req);
        const key = `${district === 'd1' ? 'same' : 'foreign'}:${who}`;
        expected[key] = statuses[i]!;
        actual[key] = (await req).status;
      }
    }
    const anon = await t.http[r.method](r.path(fixture));
    expected.anonymous = r.anonymous ?? 401;
    actual.anonymous = anon.status;
    expect(actual).toEqual(expected);
  });
});
