import type { Role } from '../../src/domain/shared/actor';
import { auth } from '../support/compliance-story';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 15: each reader of a student's profile sees exactly the fields meant for them. The student's staff (the
 * teacher of an active enrollment, registrar, school admin, compliance) also see who is listed for the student:
 * the seed's FERPA rule, "Do NOT share information with people who are not listed on the student ILVP page".
 */
describe("e2e: the profile each reader sees (listed contacts for the student's staff)", () => {
  let t: TestApp;
  const BASE = [
    'districtId',
    'firstName',
    'lastName',
    'optedOut',
    'preferredName',
    'smsDisabledReason',
    'smsEnabled',
    'smsNumber',
    'studentId',
  ];
  const STAFF = [...BASE, 'listedContacts'].sort();
  const contacts = [
    { name: 'Maria Jones', relationship: 'parent', phone: '+12015550160' },
    { name: 'Ana Ruiz', relationship: 'guardian', phone: null },
  ];

  beforeAll(async () => {
    t = await startTestApp();
    const sis = t.token('sis', 'sis');
    await t.http
      .post('/v1/students')
      .set(auth(sis))
      .send({
        studentId: 's1',
        firstName: 'Sarah',
        lastName: 'Jones',
        smsNumber: '+12015550123',
        listedContacts: [
          { name: 'Maria Jones', relationship: 'parent', phone: '(201) 555-0160' },
          { name: 'Ana Ruiz', relationship: 'guardian' },
        ],
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
    await t.http
      .post('/v1/students/s1/enrollments')
      .set(auth(sis))
      .send({
        enrollmentId: 'e2',
        courseId: 'c2',
        courseName: 'Art',
        teacherId: 't-past',
        teacherName: 'Pat Past',
        startedOn: '2026-08-24',
      })
      .expect(201);
    await t.http.post('/v1/students/s1/enrollments/e2/end').set(auth(sis)).send({ endedOn: '2026-09-30' }).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  const readers: [string, Role, string, number, string[] | null][] = [
    ['the teacher of an active enrollment', 'teacher', 't-bell', 200, STAFF],
    ['the registrar', 'registrar', 'reg', 200, STAFF],
    ['the school admin', 'school_admin', 'adm', 200, STAFF],
    ['compliance', 'compliance', 'comp', 200, STAFF],
    ['the student', 'student', 's1', 200, BASE],
    ['a teacher of an ended enrollment only', 'teacher', 't-past', 403, null],
    ['another teacher', 'teacher', 't-other', 403, null],
    ['analytics', 'analytics', 'ana', 403, null],
    ['the SIS', 'sis', 'sis', 403, null],
    ['another student', 'student', 's2', 403, null],
  ];

  it.each(readers)('%s', async (_who, role, sub, status, fields) => {
    const res = await t.http.get('/v1/students/s1').set(auth(t.token(role, sub)));
    expect(res.status).toBe(status);
    if (!fields) return;
    expect(Object.keys(res.body).sort()).toEqual(fields);
    if (fields.includes('listedContacts')) expect(res.body.listedContacts).toEqual(contacts);
  });

  it('nobody of another district reads it: there, s1 is an id nobody registered', async () => {
    for (const role of ['teacher', 'registrar', 'school_admin', 'compliance'] as const) {
      const res = await t.http
        .get('/v1/students/s1')
        .set(auth(t.token(role, role === 'teacher' ? 't-bell' : 'x', { district: 'd2' })))
        .expect(404);
      expect(res.body.error).toMatchObject({ code: 'STUDENT_NOT_FOUND', message: 'No such student.' });
    }
  });

  it('a change of the listed contacts shows at once (the read waits for the roster), with the new ETag', async () => {
    const registrar = t.token('registrar', 'reg');
    const write = await t.http
      .patch('/v1/students/s1/contact')
      .set(auth(registrar))
      .send({
        listedContacts: [{ name: 'Luis Jones', relationship: 'parent', phone: '+1 201 555 0161' }],
        reason: 'Custody order',
      })
      .expect(200);
    const read = await t.http
      .get('/v1/students/s1')
      .set(auth(t.token('teacher', 't-bell')))
      .expect(200);
    expect(read.body.listedContacts).toEqual([{ name: 'Luis Jones', relationship: 'parent', phone: '+12015550161' }]);
    expect(read.headers.etag).toBe(write.headers.etag);
  });
});
