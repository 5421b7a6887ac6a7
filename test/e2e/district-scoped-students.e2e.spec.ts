import { uuidGenerator } from '../../src/infrastructure/clock/system-clock';
import { toEventData } from '../../src/application/shared/to-event-data';
import type { StudentEvent } from '../../src/domain/student/student.events';
import { legacyStudentStreamId, scopedStudentStreamId } from '../../src/domain/student/student-stream';
import { allowTexting, auth } from '../support/compliance-story';
import { runCli } from '../support/run-cli';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

type Headers = Record<string, string>;

/**
 * Issue 15: student ids are scoped by district. The same id in two districts names two students; each district sees
 * only its own; another district's id answers exactly as an id nobody registered; a stream written before ids were
 * scoped (`student-<id>`) is still read and appended to by the district its registration names.
 */
describe('e2e: student ids are scoped by district', () => {
  let t: TestApp;
  const as = (role: Parameters<TestApp['token']>[0], sub: string, district: string): Headers =>
    auth(t.token(role, sub, { district, initials: 'A.Bell', name: 'Amy Bell' }));
  const sis = (d: string) => as('sis', `sis-${d}`, d);
  const registrar = (d: string) => as('registrar', `reg-${d}`, d);
  const compliance = (d: string) => as('compliance', `comp-${d}`, d);
  const bell = (d: string) => as('teacher', 't-bell', d);

  const register = (d: string, studentId: string, firstName: string) =>
    t.http
      .post('/v1/students')
      .set(sis(d))
      .send({ studentId, firstName, lastName: 'Jones', smsNumber: '+12015550123' });
  const enroll = (d: string, studentId: string, enrollmentId: string) =>
    t.http.post(`/v1/students/${studentId}/enrollments`).set(sis(d)).send({
      enrollmentId,
      courseId: 'bio',
      courseName: 'Biology',
      teacherId: 't-bell',
      teacherName: 'Amy Bell',
      startedOn: '2026-08-24',
    });

  beforeAll(async () => {
    t = await startTestApp();
    await allowTexting(t, 'd1');
    await allowTexting(t, 'd2');
    await register('d1', 's1', 'Sarah').expect(201);
    await enroll('d1', 's1', 'e1').expect(201);
    await register('d1', 'only-d1', 'Olive').expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('registering an id another district has is a new student of ours, never a conflict', async () => {
    await register('d2', 's1', 'Samuel').expect(201);
    // The same enrollment id in the other district (its SIS names its own): a second enrollment, not the first one.
    await enroll('d2', 's1', 'e1').expect(201);
    expect((await t.store.readStream(scopedStudentStreamId({ districtId: 'd1', studentId: 's1' }))).length).toBe(2);
    expect((await t.store.readStream(scopedStudentStreamId({ districtId: 'd2', studentId: 's1' }))).length).toBe(2);
    await t.settle();
    for (const [d, name] of [
      ['d1', 'Sarah'],
      ['d2', 'Samuel'],
    ] as const) {
      const profile = await t.http.get('/v1/students/s1').set(registrar(d)).expect(200);
      expect(profile.body).toMatchObject({ studentId: 's1', districtId: d, firstName: name });
      const found = await t.http.get('/v1/students?q=s1').set(registrar(d)).expect(200);
      expect(found.body.items).toEqual([expect.objectContaining({ studentId: 's1', firstName: name })]);
      const enrollments = await t.http.get('/v1/enrollments/current?studentId=s1').set(registrar(d)).expect(200);
      expect(enrollments.body.map((e: { studentFirstName: string }) => e.studentFirstName)).toEqual([name]);
    }
  });

  it("each district's texts, threads and log are its own student's", async () => {
    await t.http
      .post('/v1/students/s1/sms')
      .set(bell('d1'))
      .send({ body: 'Hi Sarah, class at 9?', idempotencyKey: 'scoped-d1-1' })
      .expect(202);
    await eventually(async () => {
      const d1 = await t.http.get('/v1/students/s1/threads/t-bell').set(bell('d1')).expect(200);
      expect(d1.body.messages).toEqual([
        expect.objectContaining({ body: 'Hi Sarah, class at 9?', status: 'delivered' }),
      ]);
    });
    await t.settle();
    // Mrs. Bell teaches the s1 of district 2 as well: she has no thread with that student.
    const d2 = await t.http.get('/v1/students/s1/threads/t-bell').set(bell('d2')).expect(404);
    expect(d2.body.error.code).toBe('THREAD_NOT_FOUND');
    const log = async (d: string) =>
      ((await t.http.get('/v1/students/s1/log').set(registrar(d)).expect(200)).body as { kind: string }[]).map(
        (e) => e.kind,
      );
    expect(await log('d1')).toEqual(['registration', 'enrollment', 'sms_outbound', 'sms_status', 'sms_status']);
    expect(await log('d2')).toEqual(['registration', 'enrollment']);
    const verified = await t.http.get('/v1/compliance/students/s1/log/verify').set(compliance('d2')).expect(200);
    expect(verified.body.status).toBe('intact');
  });

  it("another district's id answers exactly as an id nobody registered, on reads, writes and compliance reads", async () => {
    const before = await t.eventCount();
    const same = async (request: (id: string) => Promise<{ status: number; body: unknown }>) => {
      const foreign = await request('only-d1');
      const unknown = await request('nobody-at-all');
      const shape = (r: { status: number; body: unknown }) => {
        const error = (r.body as { error: { code: string; message: string; correlationId: string } }).error;
        return { status: r.status, code: error.code, message: error.message.replace(/nobody-at-all|only-d1/g, 'ID') };
      };
      expect(shape(foreign)).toEqual(shape(unknown));
      expect(shape(foreign)).toMatchObject({ status: 404, code: 'STUDENT_NOT_FOUND' });
    };
    await same((id) => t.http.get(`/v1/students/${id}`).set(registrar('d2')));
    await same((id) => t.http.get(`/v1/students/${id}/threads`).set(registrar('d2')));
    await same((id) => t.http.get(`/v1/students/${id}/log`).set(compliance('d2')));
    await same((id) => t.http.get(`/v1/compliance/students/${id}/history`).set(compliance('d2')));
    await same((id) => t.http.post(`/v1/students/${id}/notes`).set(registrar('d2')).send({ body: 'Called home.' }));
    await same((id) =>
      t.http.patch(`/v1/students/${id}/contact`).set(registrar('d2')).send({ smsNumber: null, reason: 'x' }),
    );
    // Nothing was recorded, not even a refused read on the other district's student.
    expect(await t.eventCount()).toBe(before);
  });

  it('a stream written before ids were scoped is read and appended to by its own district only', async () => {
    const registrarD1 = { actor: { id: 'reg-d1', role: 'registrar' as const, districtId: 'd1' }, correlationId: 'old' };
    const registered: StudentEvent = {
      type: 'StudentRegistered',
      data: {
        studentId: 'legacy-1',
        districtId: 'd1',
        firstName: 'Lena',
        lastName: 'Old',
        preferredName: null,
        dateOfBirth: null,
        address: null,
        username: null,
        smsNumber: '+12015550140',
        timeZone: null,
        listedContacts: [],
      },
    };
    const legacy = legacyStudentStreamId('legacy-1');
    await t.store.append(
      legacy,
      toEventData([registered], 'RegisterStudent', registrarD1, new Date(), uuidGenerator),
      'no_stream',
    );
    await t.settle();
    expect((await t.http.get('/v1/students/legacy-1').set(registrar('d1')).expect(200)).body).toMatchObject({
      studentId: 'legacy-1',
      districtId: 'd1',
      firstName: 'Lena',
    });
    await t.http.get('/v1/students/legacy-1').set(registrar('d2')).expect(404);

    // Written to where it has always been: the legacy stream, never a new scoped one beside it.
    await t.http.post('/v1/students/legacy-1/notes').set(registrar('d1')).send({ body: 'Called home.' }).expect(201);
    expect((await t.store.readStream(legacy)).map((e) => e.type)).toEqual(['StudentRegistered', 'NoteAdded']);
    expect(await t.store.readStream(scopedStudentStreamId({ districtId: 'd1', studentId: 'legacy-1' }))).toEqual([]);
    await t.settle();
    const history = await t.http.get('/v1/compliance/students/legacy-1/history').set(compliance('d1')).expect(200);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['StudentRegistered', 'NoteAdded']);
    const verified = await t.http.get('/v1/compliance/students/legacy-1/log/verify').set(compliance('d1')).expect(200);
    expect(verified.body.status).toBe('intact');
    const access = await t.http.get('/v1/compliance/students/legacy-1/access').set(compliance('d1')).expect(200);
    expect(access.body.entries.map((e: { part: string }) => e.part)).toEqual([
      'profile',
      'history',
      'log_verification',
    ]);
    expect((await t.store.readStream('access-legacy-1')).length).toBe(4);

    // The other district may register the id: its own student, in its own stream.
    await register('d2', 'legacy-1', 'Leo').expect(201);
    expect((await t.store.readStream(legacy)).length).toBe(2);
    await t.settle();
    expect((await t.http.get('/v1/students/legacy-1').set(registrar('d2')).expect(200)).body.firstName).toBe('Leo');
    expect((await t.http.get('/v1/students/legacy-1').set(registrar('d1')).expect(200)).body.firstName).toBe('Lena');
  });

  it('the audit CLI names the student by district and id', async () => {
    const env = { DATABASE_URL: t.db.url, LOG_LEVEL: 'silent' };
    const audit = (...args: string[]) =>
      runCli(['audit', 'history', ...args, '--purpose', 'Board inquiry', '--operator', 'ops.kim'], { env });
    const names = (stdout: string) =>
      stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { data: { firstName?: string } }).data.firstName)
        .filter(Boolean);
    // Each run starts the app at the console: run side by side.
    const [d1, d2, none, elsewhere] = await Promise.all([
      audit('--district', 'd1', '--student', 's1'),
      audit('--district', 'd2', '--student', 's1'),
      audit('--student', 's1'),
      audit('--district', 'd2', '--student', 'only-d1'),
    ]);
    expect(names(d1.stdout)).toEqual(['Sarah']);
    expect(names(d2.stdout)).toEqual(['Samuel']);
    expect({ code: none.code, stderr: none.stderr }).toEqual({ code: 1, stderr: '--district is required\n' });
    expect({ code: elsewhere.code, stderr: elsewhere.stderr }).toEqual({
      code: 1,
      stderr: 'No student "only-d1" in district "d2".\n',
    });
  }, 240_000);
});
