import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { auth, allowTexting } from '../support/compliance-story';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * The analytics views answer the seed's "when to text" questions in aggregate, with no bodies, names or numbers,
 * through the API (district-scoped) and through a read-only database role that can select only the views.
 */
describe('e2e: analytics views and the read-only analytics role', () => {
  let t: TestApp;
  let sis: string, bell: string, analytics: string;
  const names = ['Quentin', 'Zebulon', 'Ottoline', 'Wilhelmina'];

  const student = async (id: string, first: string, phone: string, startedOn: string) => {
    await t.http
      .post('/v1/students')
      .set(auth(sis))
      .send({ studentId: id, firstName: first, lastName: 'Fairweather', smsNumber: phone })
      .expect(201);
    await t.http
      .post(`/v1/students/${id}/enrollments`)
      .set(auth(sis))
      .send({
        enrollmentId: `enr-${id}`,
        courseId: 'bio',
        courseName: 'Biology',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn,
      })
      .expect(201);
  };
  const view = async (name: string, token = analytics) =>
    (await t.http.get(`/v1/analytics/${name}`).set(auth(token)).expect(200)).body as Record<string, unknown>[];

  beforeAll(async () => {
    t = await startTestApp({ SIMULATOR_INVALID_NUMBERS: '+12015550164' });
    sis = t.token('sis', 'sis-sync');
    bell = t.token('teacher', 't-bell', { initials: 'A.Bell' });
    analytics = t.token('analytics', 'ana-1');
    await allowTexting(t);
    await student('a-missed', names[0]!, '+12015550161', day(-10));
    await student('a-welcomed', names[1]!, '+12015550162', day(-2));
    await student('a-due', names[2]!, '+12015550163', day(-1));
    await student('a-failed', names[3]!, '+12015550164', day(-1));
    await t.settle();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    for (const id of ['a-missed', 'a-welcomed']) {
      await t.http
        .post(`/v1/students/${id}/enrollments/enr-${id}/pacing`)
        .set(auth(sis))
        .send({ status: 'behind', asOf: yesterday })
        .expect(200);
    }
    await t.http
      .post('/v1/students/a-welcomed/sms')
      .set(auth(bell))
      .send({ body: 'Welcome to Biology Zebulon!', idempotencyKey: 'welcome-a-welcomed' })
      .expect(202);
    await t.http
      .post('/v1/students/a-failed/sms')
      .set(auth(bell))
      .send({ body: 'Welcome to Biology Wilhelmina!', idempotencyKey: 'welcome-a-failed' })
      .expect(202);
    await eventually(async () => {
      const thread = await t.http.get('/v1/students/a-welcomed/threads/t-bell').set(auth(bell)).expect(200);
      if (thread.body.messages[0].status !== 'delivered') throw new Error('not yet');
    });
    await t.http
      .post('/v1/dev/sms-simulator/replies')
      .set(auth(t.token('school_admin', 'adm')))
      .send({ from: '+12015550162', body: 'Thanks, see you in class' })
      .expect(202);
    await t.http.post('/v1/students/a-due/opt-out').set(auth(bell)).send({ requestedBy: 'parent' }).expect(200);
    await eventually(async () => {
      await t.settle();
      const delivery = await view('delivery');
      expect(delivery[0]).toMatchObject({ texts: 2, delivered: 1, failed: 1 });
      const rate = await view('reply-rate');
      expect(rate[0]).toMatchObject({ students_replied: 1 });
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts texts and replies per course, teacher and week; delivery failures; replies; opt-outs', async () => {
    expect(await view('messages-per-week')).toEqual([
      {
        district_id: 'd1',
        course_id: 'bio',
        teacher_id: 't-bell',
        week: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        outbound: 2,
        inbound: 1,
      },
    ]);
    expect((await view('delivery'))[0]).toMatchObject({
      teacher_id: 't-bell',
      texts: 2,
      delivered: 1,
      failed: 1,
      pending: 0,
      failure_rate: 0.5,
    });
    expect((await view('reply-rate'))[0]).toMatchObject({
      course_id: 'bio',
      students_texted: 2,
      students_replied: 1,
      reply_rate: 0.5,
    });
    expect((await view('opt-out-rate'))[0]).toMatchObject({
      students_texted: 2,
      opt_outs: 1,
      automatic_opt_outs: 0,
      opt_out_rate: 0.5,
    });
  });

  it('lists enrollments not welcomed in their first week, and students behind whom nobody has contacted since', async () => {
    const unwelcomed = await view('unwelcomed-students');
    expect(unwelcomed.map((r) => `${r.student_id}:${r.status}`).sort()).toEqual([
      'a-due:due',
      'a-failed:due',
      'a-missed:missed',
    ]);
    const behind = await view('uncontacted-falling-behind');
    expect(behind).toEqual([
      expect.objectContaining({
        student_id: 'a-missed',
        enrollment_id: 'enr-a-missed',
        teacher_id: 't-bell',
        last_outreach_at: null,
      }),
    ]);
  });

  it('pages with X-Next-Cursor instead of stopping at a fixed count: every row once, in order; a bad cursor is 400', async () => {
    const whole = (await view('unwelcomed-students')).map((r) => r.enrollment_id);
    const paged: unknown[] = [];
    let cursor: string | undefined;
    do {
      const res = await t.http
        .get('/v1/analytics/unwelcomed-students')
        .query({ limit: 1, ...(cursor ? { cursor } : {}) })
        .set(auth(analytics))
        .expect(200);
      expect(res.body).toHaveLength(1);
      paged.push(...(res.body as { enrollment_id: string }[]).map((r) => r.enrollment_id));
      cursor = res.headers['x-next-cursor'] as string | undefined;
    } while (cursor);
    expect(paged).toEqual(whole);
    expect(whole).toHaveLength(3);
    const last = await t.http.get('/v1/analytics/delivery').query({ limit: 1 }).set(auth(analytics)).expect(200);
    expect(last.headers['x-next-cursor']).toBeUndefined();
    for (const [query, code] of [
      [{ cursor: 'bm90LWEtY3Vyc29y' }, 'INVALID_CURSOR'],
      [{ limit: 0 }, 'VALIDATION_FAILED'],
    ] as const) {
      const bad = await t.http.get('/v1/analytics/messages-per-week').query(query).set(auth(analytics)).expect(400);
      expect(bad.body.error.code).toBe(code);
    }
  });

  it("shows no bodies, names or numbers; scopes to the caller's district; only analytics and the school administrator", async () => {
    const all = JSON.stringify(
      await Promise.all(
        [
          'messages-per-week',
          'delivery',
          'reply-rate',
          'opt-out-rate',
          'unwelcomed-students',
          'uncontacted-falling-behind',
        ].map((v) => view(v)),
      ),
    );
    for (const secret of [...names, 'Fairweather', 'Welcome to Biology', 'Thanks, see you', '555016', 'Amy Bell'])
      expect(all).not.toContain(secret);
    expect(await view('delivery', t.token('analytics', 'ana-2', { district: 'd2' }))).toEqual([]);
    expect((await view('delivery', t.token('school_admin', 'adm-1'))).length).toBe(1);
    await t.http.get('/v1/analytics/delivery').set(auth(bell)).expect(403);
    await t.http
      .get('/v1/analytics/delivery')
      .set(auth(t.token('compliance', 'c-1')))
      .expect(403);
    const unknown = await t.http.get('/v1/analytics/student_directory').set(auth(analytics)).expect(404);
    expect(unknown.body.error.code).toBe('ANALYTICS_VIEW_NOT_FOUND');
  });

  it('a database login in the texting_analytics role can select the views and nothing else', async () => {
    const login = `analyst_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new Client({ connectionString: t.db.url });
    await admin.connect();
    await admin.query(`CREATE ROLE ${login} LOGIN PASSWORD 'analyst-pw' IN ROLE texting_analytics`);
    const url = new URL(t.db.url);
    url.username = login;
    url.password = 'analyst-pw';
    const analyst = new Client({ connectionString: url.toString() });
    try {
      await analyst.connect();
      const { rows } = await analyst.query('SELECT teacher_id, texts, failed FROM analytics_delivery');
      expect(rows).toEqual([{ teacher_id: 't-bell', texts: 2, failed: 1 }]);
      for (const view of [
        'analytics_messages_per_week',
        'analytics_reply_rate',
        'analytics_opt_out_rate',
        'analytics_unwelcomed_students',
        'analytics_uncontacted_falling_behind',
      ]) {
        await expect(analyst.query(`SELECT * FROM ${view}`)).resolves.toBeDefined();
      }
      for (const table of [
        'analytics_contacts',
        'analytics_enrollments',
        'communication_log',
        'thread_messages',
        'student_directory',
        'events',
      ]) {
        await expect(analyst.query(`SELECT * FROM ${table} LIMIT 1`)).rejects.toMatchObject({ code: '42501' });
      }
      await expect(analyst.query(`DELETE FROM analytics_contacts`)).rejects.toMatchObject({ code: '42501' });
    } finally {
      await analyst.end().catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS ${login}`);
      await admin.end();
    }
  });
});
