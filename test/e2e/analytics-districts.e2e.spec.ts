import { allowTexting, auth } from '../support/compliance-story';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

type Headers = Record<string, string>;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * Ids are scoped by district, the analytics facts too: two districts whose SIS name the same student (s1) and the
 * same enrollment (e1) with the same teacher (t-bell) have two enrollments and two sets of contacts. What one district
 * does with its s1 (pacing reports, texts, replies) changes nothing in the other's analytics views or worklists.
 */
describe('e2e: analytics and worklists of the same student and enrollment ids in two districts', () => {
  let t: TestApp;
  const as = (role: Parameters<TestApp['token']>[0], sub: string, district: string): Headers =>
    auth(t.token(role, sub, { district, initials: 'A.Bell', name: 'Amy Bell' }));
  const sis = (d: string) => as('sis', `sis-${d}`, d);
  const bell = (d: string) => as('teacher', 't-bell', d);
  const view = async (d: string, name: string) =>
    (
      await t.http
        .get(`/v1/analytics/${name}`)
        .set(as('analytics', `ana-${d}`, d))
        .expect(200)
    ).body as Record<string, unknown>[];
  const worklists = async (d: string) =>
    (await t.http.get('/v1/teachers/t-bell/worklists').set(bell(d)).expect(200)).body as Record<
      'notWelcomed' | 'fallingBehind' | 'failedTexts',
      Record<string, unknown>[]
    >;
  const pacing = (d: string, status: string) =>
    t.http
      .post('/v1/students/s1/enrollments/e1/pacing')
      .set(sis(d))
      .send({ status, asOf: new Date(Date.now() - 86_400_000).toISOString() })
      .expect(200);

  beforeAll(async () => {
    t = await startTestApp();
    // d1: Sarah, in Biology since two days ago, not welcomed yet, reported behind.
    // d2: Samuel, in Art (the same enrollment id) since three days ago, welcomed, on track, and he answered.
    for (const [d, firstName, phone, courseId, startedOn] of [
      ['d1', 'Sarah', '+12015550171', 'bio', day(-2)],
      ['d2', 'Samuel', '+12015550172', 'art', day(-3)],
    ] as const) {
      await allowTexting(t, d);
      await t.http
        .post('/v1/students')
        .set(sis(d))
        .send({ studentId: 's1', firstName, lastName: 'Jones', smsNumber: phone })
        .expect(201);
      await t.http
        .post('/v1/students/s1/enrollments')
        .set(sis(d))
        .send({
          enrollmentId: 'e1',
          courseId,
          courseName: courseId,
          teacherId: 't-bell',
          teacherName: 'Amy Bell',
          startedOn,
        })
        .expect(201);
    }
    await pacing('d1', 'behind');
    await pacing('d2', 'on_track');
    await t.http
      .post('/v1/students/s1/sms')
      .set(bell('d2'))
      .send({ body: 'Welcome to Art!', idempotencyKey: 'welcome-d2-s1' })
      .expect(202);
    await eventually(async () => {
      const thread = await t.http.get('/v1/students/s1/threads/t-bell').set(bell('d2')).expect(200);
      expect(thread.body.messages[0]?.status).toBe('delivered');
    });
    await t.http
      .post('/v1/me/threads/t-bell/replies')
      .set(as('student', 's1', 'd2'))
      .send({ body: 'Thanks!' })
      .expect(201);
    await t.settle();
  });
  afterAll(async () => {
    await t.close();
  });

  it("district 1's views show its own enrollment only, untouched by district 2's texts, reply and pacing", async () => {
    expect(await view('d1', 'unwelcomed-students')).toEqual([
      expect.objectContaining({
        district_id: 'd1',
        enrollment_id: 'e1',
        student_id: 's1',
        course_id: 'bio',
        started_on: day(-2),
        status: 'due',
      }),
    ]);
    expect(await view('d1', 'uncontacted-falling-behind')).toEqual([
      expect.objectContaining({ district_id: 'd1', enrollment_id: 'e1', course_id: 'bio', last_outreach_at: null }),
    ]);
    for (const name of ['messages-per-week', 'delivery', 'reply-rate', 'opt-out-rate'])
      expect({ name, rows: await view('d1', name) }).toEqual({ name, rows: [] });
  });

  it("district 2's views count its own text and reply, in its own course", async () => {
    expect(await view('d2', 'unwelcomed-students')).toEqual([]);
    expect(await view('d2', 'uncontacted-falling-behind')).toEqual([]);
    expect(await view('d2', 'messages-per-week')).toEqual([
      expect.objectContaining({ district_id: 'd2', course_id: 'art', teacher_id: 't-bell', outbound: 1, inbound: 1 }),
    ]);
    expect(await view('d2', 'reply-rate')).toEqual([
      expect.objectContaining({ course_id: 'art', students_texted: 1, students_replied: 1 }),
    ]);
  });

  it("Mrs. Bell's worklists in each district list that district's student only", async () => {
    const d1 = await worklists('d1');
    expect(d1.notWelcomed).toEqual([
      expect.objectContaining({ studentId: 's1', studentFirstName: 'Sarah', enrollmentId: 'e1', courseId: 'bio' }),
    ]);
    expect(d1.fallingBehind).toEqual([
      expect.objectContaining({ studentId: 's1', studentFirstName: 'Sarah', courseId: 'bio', lastOutreachAt: null }),
    ]);
    expect(d1.failedTexts).toEqual([]);
    const d2 = await worklists('d2');
    expect([d2.notWelcomed, d2.fallingBehind, d2.failedTexts]).toEqual([[], [], []]);
  });
});
