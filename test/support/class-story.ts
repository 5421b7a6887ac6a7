import type { Response } from 'supertest';
import { allowTexting, auth } from './compliance-story';
import { OpenApiResponseValidator } from './openapi-response-validator';
import type { TestApp } from './test-app';

export type Headers = Record<string, string>;

/**
 * Issue 16's cast: Mrs. Bell and Mr. Ruiz (teachers), a school admin, a registrar and the SIS, in a district that
 * allows texting; and `conforms`, which fails the test when an answer is not what the OpenAPI document says.
 */
export async function classStory(t: TestApp) {
  const validator = new OpenApiResponseValidator((await t.http.get('/docs-json').expect(200)).body);
  await allowTexting(t);
  return {
    conforms: (res: Response): Response => {
      expect(
        validator.problems(res.request.method, res.request.url, res.status, res.headers['content-type'], res.body),
      ).toEqual([]);
      return res;
    },
    sis: auth(t.token('sis', 'sis-sync')),
    bell: auth(t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' })),
    ruiz: auth(t.token('teacher', 't-ruiz', { initials: 'C.Ruiz', name: 'Carlos Ruiz' })),
    admin: auth(t.token('school_admin', 'adm-1', { initials: 'P.Admin' })),
    registrar: auth(t.token('registrar', 'reg-1', { initials: 'R.Reg' })),
  };
}

/** A student of Mrs. Bell's section `courseId` (enrollment `enr-<id>`), registered and enrolled by the SIS. */
export async function bellStudent(
  t: TestApp,
  sis: Headers,
  s: { id: string; smsNumber?: string; startedOn: string; courseId: string; courseName: string },
): Promise<void> {
  const firstName = s.id[0]!.toUpperCase() + s.id.slice(1);
  const registration = {
    studentId: s.id,
    firstName,
    lastName: 'Moss',
    ...(s.smsNumber ? { smsNumber: s.smsNumber } : {}),
  };
  await t.http.post('/v1/students').set(sis).send(registration).expect(201);
  const enrollment = { enrollmentId: `enr-${s.id}`, courseId: s.courseId, courseName: s.courseName };
  await t.http
    .post(`/v1/students/${s.id}/enrollments`)
    .set(sis)
    .send({ ...enrollment, teacherId: 't-bell', teacherName: 'Amy Bell', startedOn: s.startedOn })
    .expect(201);
}

/** A student's text from their phone through the simulator (`to`: which number of ours; default our latest's). */
export const simulatorReply =
  (t: TestApp, as: Headers) =>
  (from: string, body: string, to?: string): Promise<Response> =>
    t.http
      .post('/v1/dev/sms-simulator/replies')
      .set(as)
      .send({ from, body, ...(to ? { to } : {}) })
      .expect(202);

/** One student's line in a class text's answer. */
export interface ClassTextAnswer {
  studentId: string;
  outcome: string;
  messageId: string | null;
  code: string | null;
  reason: string | null;
  violations: string[];
}

/**
 * Mrs. Bell's Biology section bio-p3: Sarah, Tim, Kim and Becky (who asked for no texts) with numbers, Rob with none
 * (and also in Mr. Ruiz's World Cultures).
 */
export async function biologySection(t: TestApp, cast: { sis: Headers; registrar: Headers }): Promise<void> {
  const { sis, registrar } = cast;
  const students: [string, string, string, string | null][] = [
    ['sarah', 'Sarah', 'Jones', '+12015550123'],
    ['tim', 'Tim', 'Ortiz', '+12015550124'],
    ['kim', 'Kim', 'Lee', '+12015550125'],
    ['becky', 'Becky', 'Hall', '+12015550126'],
    ['rob', 'Rob', 'Stone', null],
  ];
  for (const [studentId, firstName, lastName, smsNumber] of students) {
    await t.http
      .post('/v1/students')
      .set(sis)
      .send({ studentId, firstName, lastName, ...(smsNumber ? { smsNumber } : {}) })
      .expect(201);
    await t.http
      .post(`/v1/students/${studentId}/enrollments`)
      .set(sis)
      .send({
        enrollmentId: `enr-bio-${studentId}`,
        courseId: 'bio-p3',
        courseName: 'Biology',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn: '2026-08-24',
      })
      .expect(201);
  }
  await t.http
    .post('/v1/students/rob/enrollments')
    .set(sis)
    .send({
      enrollmentId: 'enr-wc-rob',
      courseId: 'wc-1',
      courseName: 'World Cultures',
      teacherId: 't-ruiz',
      teacherName: 'Carlos Ruiz',
      startedOn: '2026-08-24',
    })
    .expect(201);
  await t.http.post('/v1/students/becky/opt-out').set(registrar).send({ requestedBy: 'parent' }).expect(200);
}
