import type { Role } from '../../src/domain/shared/actor';
import { auth, allowTexting } from '../support/compliance-story';
import { firstBytesOnly } from '../support/first-bytes';
import { rosterBundle } from '../support/oneroster-bundle';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

/**
 * Every route x every kind of caller x same or foreign district, with the exact status expected. The columns:
 * the teacher of the student (an active enrollment), a teacher who does not teach them, registrar, school admin,
 * compliance, analytics, the SIS, the student, another student; then the same people from another district.
 * Compliance never sends or changes anything; analytics reads only /v1/analytics; nobody reads across districts.
 * Student ids are scoped by district: in the other district, m-main is an id nobody registered, so whoever may reach
 * a student there is answered 404 STUDENT_NOT_FOUND (as for any unknown id), never 403 (which would say it exists).
 */
const WHO = [
  'teacherOf',
  'teacherNot',
  'registrar',
  'school_admin',
  'compliance',
  'analytics',
  'sis',
  'student',
  'otherStudent',
] as const;
type Who = (typeof WHO)[number];
const ACTOR: Record<Who, { role: Role; sub: string }> = {
  teacherOf: { role: 'teacher', sub: 't-main' },
  teacherNot: { role: 'teacher', sub: 't-other' },
  registrar: { role: 'registrar', sub: 'reg-1' },
  school_admin: { role: 'school_admin', sub: 'adm-1' },
  compliance: { role: 'compliance', sub: 'comp-1' },
  analytics: { role: 'analytics', sub: 'ana-1' },
  sis: { role: 'sis', sub: 'sis-1' },
  student: { role: 'student', sub: 'm-main' },
  otherStudent: { role: 'student', sub: 'm-other' },
};

interface Cell {
  who: Who;
  district: 'd1' | 'd2';
  n: number;
}
interface RouteCase {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The route as Nest registered it (checked against the app: every mounted route must be here). */
  route: string;
  path: (f: Fixture) => string;
  body?: (c: Cell, f: Fixture) => object;
  /** Expected status per column, in WHO order. */
  same: string;
  foreign: string;
  anonymous?: number;
  /** An endless answer (Server-Sent Events): the status is read from the first bytes, then the client hangs up. */
  stream?: true;
}
interface Fixture {
  noteId: string;
  noteInErrorId: string;
  callId: string;
  messageId: string;
  replyId: string;
  classTextId: string;
}

const ALL_403 = '403 403 403 403 403 403 403 403 403';
const policy = {
  smsAllowed: true,
  timeZone: 'America/Chicago',
  quietHours: { start: '08:00', end: '21:00' },
  allowedLinkHosts: [],
};
const C = '/v1/compliance/students/m-main';

const ROUTES: RouteCase[] = [
  {
    method: 'get',
    route: '/health',
    path: () => '/health',
    same: '200 200 200 200 200 200 200 200 200',
    foreign: '200 200 200 200 200 200 200 200 200',
    anonymous: 200,
  },
  {
    method: 'put',
    route: '/v1/districts/:districtId/sms-policy',
    path: () => '/v1/districts/d1/sms-policy',
    body: () => policy,
    same: '403 403 403 200 403 403 403 403 403',
    foreign: ALL_403,
  },
  {
    method: 'get',
    route: '/v1/districts/:districtId/sms-policy',
    path: () => '/v1/districts/d1/sms-policy',
    same: '200 200 200 200 200 403 403 403 403',
    foreign: ALL_403,
  },
  // Student search: within one's own scope (a teacher's students, the school's district); another district finds its own.
  {
    method: 'get',
    route: '/v1/students',
    path: () => '/v1/students?q=kim',
    same: '200 200 200 200 200 403 403 403 403',
    foreign: '200 200 200 200 200 403 403 403 403',
  },
  {
    method: 'post',
    route: '/v1/students',
    path: () => '/v1/students',
    body: (c) => ({ studentId: `new-${c.n}`, firstName: 'Kim', lastName: 'Lee' }),
    same: '403 403 201 201 403 403 201 403 403',
    foreign: '403 403 201 201 403 403 201 403 403',
  },
  {
    method: 'post',
    route: '/v1/students/bulk',
    path: () => '/v1/students/bulk',
    body: (c) => ({ students: [{ studentId: `bulk-${c.district}-${c.n}`, firstName: 'Kim', lastName: 'Lee' }] }),
    same: '403 403 200 200 403 403 200 403 403',
    foreign: '403 403 200 200 403 403 200 403 403',
  },
  {
    method: 'post',
    route: '/v1/roster/oneroster',
    path: () => '/v1/roster/oneroster',
    body: (c) => ({
      mode: 'delta',
      files: rosterBundle({ students: 1, classes: 1, perStudent: 1, prefix: `mx-${c.district}-${c.n}` }),
    }),
    same: '403 403 200 200 403 403 200 403 403',
    foreign: '403 403 200 200 403 403 200 403 403',
  },
  {
    method: 'get',
    route: '/v1/students/:id',
    path: () => '/v1/students/m-main',
    same: '200 403 200 200 200 403 403 200 403',
    foreign: '404 404 404 404 404 403 403 404 404',
  },
  {
    method: 'patch',
    route: '/v1/students/:id/contact',
    path: () => '/v1/students/m-main/contact',
    body: () => ({ address: '1 Main St' }),
    same: '403 403 200 200 403 403 403 403 403',
    foreign: '403 403 404 404 403 403 403 403 403',
  },
  {
    method: 'patch',
    route: '/v1/students/:id/record',
    path: () => '/v1/students/m-main/record',
    body: (c) => ({ username: `mm-${c.n}`, reason: 'Portal account renamed' }),
    same: '403 403 200 200 403 403 403 403 403',
    foreign: '403 403 404 404 403 403 403 403 403',
  },
  {
    method: 'post',
    route: '/v1/students/:id/enrollments',
    path: () => '/v1/students/m-main/enrollments',
    body: (c) => ({
      enrollmentId: `enr-x-${c.n}`,
      courseId: 'art',
      courseName: 'Art',
      teacherId: 't-x',
      teacherName: 'X',
      startedOn: '2026-09-01',
    }),
    same: '403 403 201 201 403 403 201 403 403',
    foreign: '403 403 404 404 403 403 404 403 403',
  },
  {
    method: 'post',
    route: '/v1/students/:id/enrollments/:enrollmentId/end',
    path: () => '/v1/students/m-main/enrollments/enr-end/end',
    body: () => ({ endedOn: '2026-10-01' }),
    same: '403 403 200 200 403 403 200 403 403',
    foreign: '403 403 404 404 403 403 404 403 403',
  },
  {
    method: 'post',
    route: '/v1/students/:id/enrollments/:enrollmentId/pacing',
    path: () => '/v1/students/m-main/enrollments/enr-main/pacing',
    body: (c) => ({
      status: c.n % 2 ? 'behind' : 'on_track',
      asOf: new Date(Date.now() - 86_400_000 + c.n * 1000).toISOString(),
    }),
    same: '403 403 200 200 403 403 200 403 403',
    foreign: '403 403 404 404 403 403 404 403 403',
  },
  {
    method: 'get',
    route: '/v1/enrollments/current',
    path: () => '/v1/enrollments/current',
    same: '200 200 200 200 200 403 403 403 403',
    foreign: '200 200 200 200 200 403 403 403 403',
  },
  {
    method: 'post',
    route: '/v1/students/:id/sms',
    path: () => '/v1/students/m-main/sms',
    body: (c) => ({ body: 'Hi, this is Mr. Main. How is the project going?', idempotencyKey: `matrix-${c.n}-key` }),
    same: '202 403 403 403 403 403 403 403 403',
    foreign: '404 404 403 403 403 403 403 403 403',
  },
  {
    method: 'post',
    route: '/v1/students/:id/sms/preview',
    path: () => '/v1/students/m-main/sms/preview',
    body: () => ({ body: 'Hi, this is Mr. Main.' }),
    same: '200 403 403 403 403 403 403 403 403',
    foreign: '404 404 403 403 403 403 403 403 403',
  },
  {
    method: 'post',
    route: '/v1/students/:id/sms/:messageId/cancel',
    path: (f) => `/v1/students/m-main/sms/${f.messageId}/cancel`,
    same: '422 403 422 422 403 403 403 403 403',
    foreign: '404 404 404 404 404 404 404 404 404',
  },
  {
    method: 'post',
    route: '/v1/students/:id/opt-out',
    path: () => '/v1/students/m-opt/opt-out',
    body: () => ({ requestedBy: 'parent' }),
    same: '200 403 200 200 403 403 403 403 403',
    foreign: '404 404 404 404 403 403 403 403 403',
  },
  {
    method: 'post',
    route: '/v1/students/:id/notes',
    path: () => '/v1/students/m-main/notes',
    body: () => ({ body: 'Checked in' }),
    same: '201 403 201 201 403 403 403 403 403',
    foreign: '404 404 404 404 403 403 403 403 403',
  },
  {
    method: 'post',
    route: '/v1/students/:id/calls',
    path: () => '/v1/students/m-main/calls',
    body: () => ({ direction: 'outbound', party: 'parent', outcome: 'voicemail' }),
    same: '201 403 201 201 403 403 403 403 403',
    foreign: '404 404 404 404 403 403 403 403 403',
  },
  {
    method: 'post',
    route: '/v1/students/:id/notes/:noteId/amendments',
    path: (f) => `/v1/students/m-main/notes/${f.noteId}/amendments`,
    body: (c) => ({ body: `Amended ${c.n}`, reason: 'Typo' }),
    same: '201 403 201 201 403 403 403 403 403',
    foreign: '404 404 404 404 403 403 403 403 403',
  },
  {
    method: 'post',
    route: '/v1/students/:id/notes/:entryId/entered-in-error',
    path: (f) => `/v1/students/m-main/notes/${f.noteInErrorId}/entered-in-error`,
    body: () => ({ reason: 'Wrong student' }),
    same: '200 403 200 200 403 403 403 403 403',
    foreign: '404 404 404 404 403 403 403 403 403',
  },
  {
    method: 'post',
    route: '/v1/students/:id/calls/:entryId/entered-in-error',
    path: (f) => `/v1/students/m-main/calls/${f.callId}/entered-in-error`,
    body: () => ({ reason: 'Wrong student' }),
    same: '200 403 200 200 403 403 403 403 403',
    foreign: '404 404 404 404 403 403 403 403 403',
  },
  // Moving the reply to the thread it is in: allowed (no change) for its holder and the school.
  {
    method: 'post',
    route: '/v1/students/:id/replies/:messageId/move',
    path: (f) => `/v1/students/m-main/replies/${f.replyId}/move`,
    body: () => ({ toStaffId: 't-main' }),
    same: '200 403 200 200 403 403 403 403 403',
    foreign: '404 404 404 404 403 403 403 403 403',
  },
  {
    method: 'get',
    route: '/v1/students/:id/threads',
    path: () => '/v1/students/m-main/threads',
    same: '200 403 200 200 200 403 403 200 403',
    foreign: '404 404 404 404 404 403 403 404 404',
  },
  {
    method: 'get',
    route: '/v1/students/:id/threads/:staffId',
    path: () => '/v1/students/m-main/threads/t-main',
    same: '200 403 200 200 200 403 403 200 403',
    foreign: '404 404 404 404 404 403 403 404 404',
  },
  {
    method: 'get',
    route: '/v1/students/:id/log',
    path: () => '/v1/students/m-main/log',
    same: '200 403 200 200 200 403 403 403 403',
    foreign: '404 404 404 404 404 403 403 403 403',
  },
  {
    method: 'get',
    route: '/v1/inbound/unrouted',
    path: () => '/v1/inbound/unrouted',
    same: '403 403 200 200 200 403 403 403 403',
    foreign: '403 403 200 200 200 403 403 403 403',
  },
  {
    method: 'get',
    route: '/v1/me/threads',
    path: () => '/v1/me/threads',
    same: '403 403 403 403 403 403 403 200 200',
    foreign: '403 403 403 403 403 403 403 404 404',
  },
  // The other student has no thread with t-main: their own record, nothing there.
  {
    method: 'get',
    route: '/v1/me/threads/:staffId',
    path: () => '/v1/me/threads/t-main',
    same: '403 403 403 403 403 403 403 200 404',
    foreign: '403 403 403 403 403 403 403 404 404',
  },
  {
    method: 'post',
    route: '/v1/me/threads/:staffId/replies',
    path: () => '/v1/me/threads/t-main/replies',
    body: () => ({ body: 'ok' }),
    same: '403 403 403 403 403 403 403 201 422',
    foreign: '403 403 403 403 403 403 403 404 404',
  },
  // The staff inbox: each reader's own; marking read needs an item in one's own scope (404 otherwise), compliance changes nothing.
  {
    method: 'get',
    route: '/v1/me/inbox',
    path: () => '/v1/me/inbox',
    same: '200 200 200 200 200 403 403 403 403',
    foreign: '200 200 200 200 200 403 403 403 403',
  },
  {
    method: 'post',
    route: '/v1/me/inbox/:studentId/threads/:staffId/read',
    path: () => '/v1/me/inbox/m-main/threads/t-main/read',
    same: '200 404 200 200 403 403 403 403 403',
    foreign: '404 404 404 404 403 403 403 403 403',
  },
  // m-other texted before anyone texted them: an unrouted item for their teacher (t-other) and the school.
  {
    method: 'post',
    route: '/v1/me/inbox/:studentId/unrouted/read',
    path: () => '/v1/me/inbox/m-other/unrouted/read',
    same: '404 200 200 200 403 403 403 403 403',
    foreign: '404 404 404 404 403 403 403 403 403',
  },
  {
    method: 'get',
    route: '/v1/me/events',
    path: () => '/v1/me/events',
    same: '200 200 200 200 200 403 403 403 403',
    foreign: '200 200 200 200 200 403 403 403 403',
    stream: true,
  },
  // Developer controls of the local simulator (mounted only with SMS_GATEWAY=simulator): not district data.
  {
    method: 'post',
    route: '/v1/dev/sms-simulator/replies',
    path: () => '/v1/dev/sms-simulator/replies',
    body: () => ({ from: '+12015550999', body: 'hello?' }),
    same: '403 403 202 202 403 403 202 403 403',
    foreign: '403 403 202 202 403 403 202 403 403',
  },
  {
    method: 'post',
    route: '/v1/dev/sms-simulator/invalid-numbers',
    path: () => '/v1/dev/sms-simulator/invalid-numbers',
    body: () => ({ number: '+12015550998' }),
    same: '403 403 204 204 403 403 204 403 403',
    foreign: '403 403 204 204 403 403 204 403 403',
  },
  {
    method: 'get',
    route: '/v1/compliance/students/:id/history',
    path: () => `${C}/history`,
    same: '403 403 403 200 200 403 403 403 403',
    foreign: '403 403 403 404 404 403 403 403 403',
  },
  {
    method: 'get',
    route: '/v1/compliance/students/:id/history',
    path: () => `${C}/history?asOf=2030-01-01T00:00:00Z`,
    same: '403 403 403 200 200 403 403 403 403',
    foreign: '403 403 403 404 404 403 403 403 403',
  },
  {
    method: 'get',
    route: '/v1/compliance/students/:id/log/verify',
    path: () => `${C}/log/verify`,
    same: '403 403 403 200 200 403 403 403 403',
    foreign: '403 403 403 404 404 403 403 403 403',
  },
  {
    method: 'get',
    route: '/v1/compliance/students/:id/access',
    path: () => `${C}/access`,
    same: '403 403 403 200 200 403 403 403 403',
    foreign: '403 403 403 404 404 403 403 403 403',
  },
  {
    method: 'get',
    route: '/v1/compliance/students/:id/export',
    path: () => `${C}/export?format=csv&purpose=matrix`,
    same: '403 403 200 200 200 403 403 403 403',
    foreign: '403 403 404 404 404 403 403 403 403',
  },
  // Issue 16: class texting (a teacher's own students of the section), templates (the district's and their own), worklists, Add Communications.
  {
    method: 'post',
    route: '/v1/students/:id/communications',
    path: () => '/v1/students/m-main/communications',
    body: () => ({ kind: 'email', party: 'parent' }),
    same: '201 403 201 201 403 403 403 403 403',
    foreign: '404 404 404 404 403 403 403 403 403',
  },
  {
    method: 'post',
    route: '/v1/sections/:sectionId/texts',
    path: () => '/v1/sections/art/texts',
    body: (c) => ({
      body: 'Hi {firstName}, how is the project going? - {teacherName}',
      idempotencyKey: `matrix-class-${c.n}`,
    }),
    same: '201 201 403 403 403 403 403 403 403',
    foreign: '404 404 403 403 403 403 403 403 403',
  },
  {
    method: 'get',
    route: '/v1/class-texts/:jobId',
    path: (f) => `/v1/class-texts/${f.classTextId}`,
    same: '200 404 403 200 403 403 403 403 403',
    foreign: '404 404 403 404 403 403 403 403 403',
  },
  {
    method: 'get',
    route: '/v1/templates',
    path: () => '/v1/templates',
    same: '200 200 200 200 403 403 403 403 403',
    foreign: '200 200 200 200 403 403 403 403 403',
  },
  {
    method: 'get',
    route: '/v1/templates/:templateId',
    path: () => '/v1/templates/default-welcome',
    same: '200 200 200 200 403 403 403 403 403',
    foreign: '200 200 200 200 403 403 403 403 403',
  },
  {
    method: 'post',
    route: '/v1/templates',
    path: () => '/v1/templates',
    body: (c) => ({ title: `Matrix ${c.n}`, purpose: 'other', body: 'Hi {firstName}, see you in {className}!' }),
    same: '201 201 403 201 403 403 403 403 403',
    foreign: '201 201 403 201 403 403 403 403 403',
  },
  {
    method: 'put',
    route: '/v1/templates/:templateId',
    path: () => '/v1/templates/default-study-session',
    body: () => ({
      title: 'Study session',
      purpose: 'study_session',
      body: 'Hello {firstName}, study session today at 1:00. - {teacherName}',
    }),
    same: '403 403 403 200 403 403 403 403 403',
    foreign: '403 403 403 200 403 403 403 403 403',
  },
  {
    method: 'delete',
    route: '/v1/templates/:templateId',
    path: () => '/v1/templates/default-milestone',
    same: '403 403 403 200 403 403 403 403 403',
    foreign: '403 403 403 200 403 403 403 403 403',
  },
  {
    method: 'get',
    route: '/v1/teachers/:teacherId/worklists',
    path: () => '/v1/teachers/t-main/worklists',
    same: '200 403 403 200 403 403 403 403 403',
    foreign: '200 403 403 200 403 403 403 403 403',
  },
  {
    method: 'get',
    route: '/v1/teachers/:teacherId/worklists/:list',
    path: () => '/v1/teachers/t-main/worklists/notWelcomed',
    same: '200 403 403 200 403 403 403 403 403',
    foreign: '200 403 403 200 403 403 403 403 403',
  },
  {
    method: 'get',
    route: '/v1/analytics/:view',
    path: () => '/v1/analytics/messages-per-week',
    same: '403 403 403 200 403 200 403 403 403',
    foreign: '403 403 403 200 403 200 403 403 403',
  },
];

/** Every route Express has mounted, as "METHOD /path". */
function mountedRoutes(t: TestApp): string[] {
  const express = t.app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  type Layer = { route?: { path: string; methods: Record<string, boolean> } };
  const stack = (express.router ?? express._router)!.stack;
  return stack
    .filter((l) => l.route)
    .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${l.route!.path}`));
}

describe('e2e: authorization matrix (every route x every role x same/foreign district)', () => {
  let t: TestApp;
  const fixture: Fixture = { noteId: '', noteInErrorId: '', callId: '', messageId: '', replyId: '', classTextId: '' };
  let n = 0;
  const token = (who: Who, district: 'd1' | 'd2') =>
    t.token(ACTOR[who].role, ACTOR[who].sub, { district, initials: ACTOR[who].sub });

  beforeAll(async () => {
    t = await startTestApp();
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
    // Left out: Swagger's pages, and the not-found handlers Nest mounts for every method on "/{*path}".
    const missing = mountedRoutes(t).filter((r) => !covered.has(r) && !r.startsWith('GET /docs') && !r.includes('{*'));
    expect(mountedRoutes(t).length).toBeGreaterThan(ROUTES.length);
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
