import { CLOCK, type Clock } from '../../src/application/ports/clock.port';
import { SmsSimulatorGateway } from '../../src/infrastructure/sms/simulator/sms-simulator.gateway';
import { auth } from '../support/compliance-story';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { runTwoTeacherStory, STUDENT } from '../support/two-teacher-story';

/** Sender pools and reply routing over HTTP with the SMS simulator (its default pool of three numbers). */
describe('e2e: replies reach the teacher they were meant for (simulator)', () => {
  let t: TestApp;
  let story: Awaited<ReturnType<typeof runTwoTeacherStory>>;
  const admin = () => auth(t.token('school_admin', 'adm-1'));

  beforeAll(async () => {
    t = await startTestApp();
    const simulator = t.app.get(SmsSimulatorGateway);
    story = await runTwoTeacherStory(
      t,
      {
        sentFrom: (body) => simulator.messages().find((m) => m.body === body)?.from ?? null,
        reply: async (from, to, body) =>
          void (await t.http.post('/v1/dev/sms-simulator/replies').set(admin()).send({ from, to, body }).expect(202)),
      },
      '+12015550192',
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const inboundPerTeacher = async () => {
    await t.settle();
    const weeks = (await t.http.get('/v1/analytics/messages-per-week').set(admin()).expect(200)).body as {
      course_id: string;
      teacher_id: string;
      inbound: number;
    }[];
    return weeks.map((w) => [w.teacher_id, w.course_id, w.inbound]).sort();
  };

  it('each teacher gets exactly the replies meant for them, and a flagged one is moved by the teacher who received it', async () => {
    // The thread and log assertions are the story's (test/support/two-teacher-story.ts). The analytics count the
    // moved reply for the teacher whose thread holds it now, in that teacher's course.
    expect(await inboundPerTeacher()).toEqual([
      ['t-bell', 'bio', 2],
      ['t-ruiz', 'wc', 1],
    ]);
  });

  it('a reply from the phone\'s "reply" goes to the thread of the latest text, unflagged', async () => {
    const res = await t.http
      .post('/v1/dev/sms-simulator/replies')
      .set(admin())
      .send({ from: '(201) 555-0131', body: 'See you in class' })
      .expect(202);
    expect(res.body.to).toBe(t.app.get(SmsSimulatorGateway).messages().at(-1)!.from);
    await eventually(async () => {
      const thread = await t.http.get(`/v1/students/${STUDENT}/threads/t-ruiz`).set(story.ruiz).expect(200);
      expect(thread.body.messages.at(-1)).toMatchObject({
        body: 'See you in class',
        mayBeForAnotherStaffMember: false,
      });
    });
  });

  it('refuses bad moves with a stable code and changes nothing', async () => {
    const before = (await t.store.readStream(`student-d1/${STUDENT}`)).length;
    const cases: [Record<string, string>, object, number, string, string?][] = [
      [story.bell, { toStaffId: 't-stranger' }, 422, 'MOVE_TARGET_NOT_SERVING_STUDENT'],
      [admin(), { toStaffId: 't-ruiz' }, 404, 'REPLY_NOT_FOUND', 'no-such-reply'],
      [story.bell, { toStaffId: 'not an id!' }, 400, 'VALIDATION_FAILED'],
      [story.bell, { toStaffId: 't-ruiz', extra: 1 }, 400, 'VALIDATION_FAILED'],
      [story.bell, { toStaffId: 't-ruiz', reason: 'x'.repeat(501) }, 400, 'VALIDATION_FAILED'],
      [auth(t.token('compliance', 'comp-1')), { toStaffId: 't-ruiz' }, 403, 'FORBIDDEN_ROLE'],
      [auth(t.token('student', STUDENT)), { toStaffId: 't-ruiz' }, 403, 'FORBIDDEN_ROLE'],
      [auth(t.token('registrar', 'reg-9', { district: 'd2' })), { toStaffId: 't-ruiz' }, 404, 'STUDENT_NOT_FOUND'],
    ];
    for (const [as, body, status, code, messageId] of cases) {
      const res = await story.move(as, body, messageId).expect(status);
      expect(res.body.error).toMatchObject({ code, message: expect.any(String), correlationId: expect.any(String) });
    }
    expect((await t.store.readStream(`student-d1/${STUDENT}`)).length).toBe(before);
  });

  it('the school may move a reply on (here: back to Mr. Ruiz), and the thread follows', async () => {
    await story.move(admin(), { toStaffId: 't-ruiz' }).expect(200);
    await eventually(async () => {
      const ruiz = await t.http.get(`/v1/students/${STUDENT}/threads/t-ruiz`).set(story.ruiz).expect(200);
      expect(ruiz.body.messages.find((m: { messageId: string }) => m.messageId === story.misrouted)).toMatchObject({
        movedFromStaffId: 't-bell',
      });
      const bell = await t.http.get(`/v1/students/${STUDENT}/threads/t-bell`).set(story.bell).expect(200);
      expect(bell.body.messages.map((m: { messageId: string }) => m.messageId)).not.toContain(story.misrouted);
    });
    expect(await inboundPerTeacher()).toEqual([
      ['t-bell', 'bio', 1],
      ['t-ruiz', 'wc', 3],
    ]);
  });

  it("the student's portal tab shows only texts that really went out, each with the teacher's name, never an id or a status", async () => {
    const sis = auth(t.token('sis', 'sis-sync'));
    const ng = auth(t.token('teacher', 't-ng', { initials: 'B.Ng' }));
    await t.http
      .post(`/v1/students/${STUDENT}/enrollments`)
      .set(sis)
      .send({
        enrollmentId: 'enr-art',
        courseId: 'art',
        courseName: 'Art',
        teacherId: 't-ng',
        teacherName: 'Bo Ng',
        startedOn: '2026-08-24',
      })
      .expect(201);
    const later = new Date(t.app.get<Clock>(CLOCK).now().getTime() + 2 * 86_400_000)
      .toISOString()
      .replace('Z', '+00:00');
    const scheduled = await t.http
      .post(`/v1/students/${STUDENT}/sms`)
      .set(story.bell)
      .send({ body: 'Reminder: study session Thursday - Mrs. Bell', idempotencyKey: 'bell-later-1', sendAt: later })
      .expect(202);
    const cancelled = await t.http
      .post(`/v1/students/${STUDENT}/sms`)
      .set(story.bell)
      .send({ body: 'Oops, wrong day - Mrs. Bell', idempotencyKey: 'bell-later-2', sendAt: later })
      .expect(202);
    await t.http.post(`/v1/students/${STUDENT}/sms/${cancelled.body.messageId}/cancel`).set(story.bell).expect(200);
    await t.http
      .post(`/v1/students/${STUDENT}/sms`)
      .set(ng)
      .send({ body: 'Welcome to Art class Rob! - Mr. Ng', idempotencyKey: 'ng-later-1', sendAt: later })
      .expect(202);
    await t.settle();

    const rob = auth(t.token('student', STUDENT));
    const tab = (await t.http.get('/v1/me/threads').set(rob).expect(200)).body as {
      staffId: string;
      staffName: string;
      messageCount: number;
    }[];
    expect(tab.map((th) => [th.staffId, th.staffName]).sort()).toEqual([
      ['t-bell', 'Amy Bell'],
      ['t-ruiz', 'Carlos Ruiz'],
    ]);
    await t.http.get('/v1/me/threads/t-ng').set(rob).expect(404);
    const bell = (await t.http.get('/v1/me/threads/t-bell').set(rob).expect(200)).body;
    expect(
      bell.messages.map((m: { direction: string; body: string; staffName: string }) => [
        m.direction,
        m.staffName,
        m.body,
      ]),
    ).toEqual([
      [
        'outbound',
        'Amy Bell',
        'Hi Rob, this is Mrs. Bell, your teacher for Biology. Are you able to log on today and work?',
      ],
      ['inbound', 'Amy Bell', 'Yes Mrs. Bell, I can log on after lunch'],
    ]);
    expect(Object.keys(bell.messages[0]).sort()).toEqual([
      'at',
      'body',
      'channel',
      'direction',
      'messageId',
      'staffName',
    ]);
    expect(JSON.stringify(bell)).not.toContain(scheduled.body.messageId);
    // The same view through the staff route, for the student.
    expect((await t.http.get(`/v1/students/${STUDENT}/threads/t-bell`).set(rob).expect(200)).body).toEqual(bell);
    // Staff still see every text with its status, including the scheduled and the cancelled one.
    const staff = (await t.http.get(`/v1/students/${STUDENT}/threads/t-bell`).set(story.bell).expect(200)).body;
    expect(staff.staffName).toBe('Amy Bell');
    expect(
      staff.messages.filter((m: { status: string }) => ['scheduled', 'cancelled'].includes(m.status)),
    ).toHaveLength(2);
  });

  it('siblings on one family phone: our number picks the sibling when only one has a thread on it, else the one texted last', async () => {
    const sis = auth(t.token('sis', 'sis-sync'));
    const teachers = {
      't-bell': story.bell,
      't-ruiz': story.ruiz,
      't-ng': auth(t.token('teacher', 't-ng', { initials: 'B.Ng' })),
    };
    for (const [studentId, enrollments] of [
      [
        'ana',
        [
          ['enr-ana-bio', 't-bell'],
          ['enr-ana-wc', 't-ruiz'],
        ],
      ],
      ['ben', [['enr-ben-art', 't-ng']]],
    ] as const) {
      await t.http
        .post('/v1/students')
        .set(sis)
        .send({ studentId, firstName: studentId, lastName: 'Park', smsNumber: '+12015550141' })
        .expect(201);
      for (const [enrollmentId, teacherId] of enrollments) {
        await t.http
          .post(`/v1/students/${studentId}/enrollments`)
          .set(sis)
          .send({
            enrollmentId,
            courseId: enrollmentId,
            courseName: 'Course',
            teacherId,
            teacherName: teacherId,
            startedOn: '2026-08-24',
          })
          .expect(201);
      }
    }
    await t.settle();
    const texts = [
      ['ana', 't-bell'],
      ['ana', 't-ruiz'],
      ['ben', 't-ng'],
    ] as const;
    for (const [studentId, teacherId] of texts) {
      await t.http
        .post(`/v1/students/${studentId}/sms`)
        .set(teachers[teacherId])
        .send({ body: `Hello from ${teacherId}`, idempotencyKey: `sib-${studentId}-${teacherId}` })
        .expect(202);
    }
    const from = (teacherId: string) =>
      t.app
        .get(SmsSimulatorGateway)
        .messages()
        .find((m) => m.body === `Hello from ${teacherId}` && m.to === '+12015550141')?.from;
    await eventually(async () =>
      expect(texts.map(([, teacherId]) => from(teacherId))).toEqual(['+12015550190', '+12015550191', '+12015550190']),
    );
    await t.settle();

    await t.http
      .post('/v1/dev/sms-simulator/replies')
      .set(admin())
      .send({ from: '+12015550141', to: '+12015550191', body: 'For Mr. Ruiz, from Ana' })
      .expect(202);
    await t.http
      .post('/v1/dev/sms-simulator/replies')
      .set(admin())
      .send({ from: '+12015550141', to: '+12015550190', body: 'From Ben (or Ana?)' })
      .expect(202);
    const last = async (studentId: string, teacherId: keyof typeof teachers) =>
      (
        await t.http.get(`/v1/students/${studentId}/threads/${teacherId}`).set(teachers[teacherId]).expect(200)
      ).body.messages.at(-1).body as string;
    await eventually(async () => {
      expect(await last('ana', 't-ruiz')).toBe('For Mr. Ruiz, from Ana');
      expect(await last('ben', 't-ng')).toBe('From Ben (or Ana?)');
    });
  });

  it('STOP from that family phone opts out both siblings, with one confirmation to the phone', async () => {
    const sent = () =>
      t.app
        .get(SmsSimulatorGateway)
        .messages()
        .filter((m) => m.to === '+12015550141');
    const before = sent().length;
    await t.http
      .post('/v1/dev/sms-simulator/replies')
      .set(admin())
      .send({ from: '+12015550141', to: '+12015550190', body: 'stop' })
      .expect(202);
    await t.settle();
    for (const studentId of ['ana', 'ben']) {
      const profile = await t.http.get(`/v1/students/${studentId}`).set(admin()).expect(200);
      expect({ studentId, ...profile.body }).toMatchObject({ studentId, smsNumber: null, optedOut: true });
    }
    await eventually(async () =>
      expect(
        sent()
          .map((m) => m.body)
          .slice(before),
      ).toEqual([expect.stringMatching(/unsubscribed/)]),
    );
  });
});
