import { eventually } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { startTwilioTestApp, type TwilioTestApp } from '../support/twilio-test-app';

/** Quiet hours, texts scheduled for later, cancelling, and Twilio saying "too many requests", over HTTP. */
describe('e2e: scheduling and cancelling texts through Twilio (stand-in, injected clock)', () => {
  let x: TwilioTestApp;
  let bell: string, other: string, registrar: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const thread = async () =>
    (await x.t.http.get('/v1/students/sarah/threads/t-bell').set(auth(bell)).expect(200)).body.messages as {
      messageId: string;
      status: string;
      scheduledFor: string | null;
    }[];
  const copies = (body: string) => x.standin.messages().filter((m) => m.body === body).length;

  beforeAll(async () => {
    x = await startTwilioTestApp({}, new TestClock(new Date('2026-09-01T16:00:00Z'))); // 10:00 in Denver
    const admin = x.t.token('school_admin', 'adm-1');
    const sis = x.t.token('sis', 'sis-sync');
    bell = x.t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' });
    other = x.t.token('teacher', 't-ng', { initials: 'B.Ng' });
    registrar = x.t.token('registrar', 'reg-1');
    await x.t.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(admin))
      .send({
        smsAllowed: true,
        timeZone: 'America/Denver',
        quietHours: { start: '08:00', end: '21:00' },
        allowedLinkHosts: [],
      })
      .expect(200);
    await x.t.http
      .post('/v1/students')
      .set(auth(sis))
      .send({ studentId: 'sarah', firstName: 'Sarah', lastName: 'Jones', smsNumber: '+12015550123' })
      .expect(201);
    await x.t.http
      .post('/v1/students/sarah/enrollments')
      .set(auth(sis))
      .send({
        enrollmentId: 'enr-sarah',
        courseId: 'ela',
        courseName: 'ELA 9',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn: '2026-08-24',
      })
      .expect(201);
  });
  afterAll(async () => {
    await x.close();
  });

  it('a text written at 22:30 is scheduled for 8:00 the next morning, says so, and goes out then', async () => {
    x.clock.set('2026-09-02T04:30:00Z'); // 22:30 MDT
    const body = "Hi Sarah, don't forget the study session tomorrow at 1:00 - Mrs. Bell";
    const res = await x.t.http
      .post('/v1/students/sarah/sms')
      .set(auth(bell))
      .send({ body, idempotencyKey: 'night-0001' })
      .expect(202);
    expect(res.body).toMatchObject({ status: 'scheduled', scheduledFor: '2026-09-02T14:00:00.000Z' });
    expect(res.body.notice).toBe(
      "Scheduled for Wed, Sep 2, 8:00 AM MDT: texts go out only between 08:00 and 21:00 in the student's time zone (America/Denver).",
    );
    await eventually(async () =>
      expect((await thread()).find((m) => m.messageId === res.body.messageId)).toMatchObject({
        status: 'scheduled',
        scheduledFor: '2026-09-02T14:00:00.000Z',
      }),
    );
    await new Promise((r) => setTimeout(r, 1200)); // a dispatcher tick passes: still waiting
    expect(copies(body)).toBe(0);

    x.clock.set('2026-09-02T14:00:00Z');
    await eventually(async () =>
      expect((await thread()).find((m) => m.messageId === res.body.messageId)!.status).toBe('delivered'),
    );
    expect(copies(body)).toBe(1);
  });

  it('staff schedule a text for later and cancel it before it goes; it never reaches Twilio', async () => {
    x.clock.set('2026-09-02T16:00:00Z');
    const body = 'Hi Sarah, great work this week!';
    const res = await x.t.http
      .post('/v1/students/sarah/sms')
      .set(auth(bell))
      .send({ body, idempotencyKey: 'later-0001', sendAt: '2026-09-03T09:30:00-06:00' })
      .expect(202);
    expect(res.body).toMatchObject({
      status: 'scheduled',
      scheduledFor: '2026-09-03T15:30:00.000Z',
      notice: expect.stringMatching(/^Scheduled for Thu, Sep 3, 9:30 AM MDT, as requested/),
    });
    const url = `/v1/students/sarah/sms/${res.body.messageId}/cancel`;
    expect((await x.t.http.post(url).set(auth(other)).expect(403)).body.error.code).toBe('NOT_SENDER_OF_MESSAGE');
    expect((await x.t.http.post(url).set(auth(bell)).expect(200)).body).toMatchObject({
      messageId: res.body.messageId,
      status: 'cancelled',
      changed: true,
    });
    expect((await x.t.http.post(url).set(auth(registrar)).expect(200)).body).toMatchObject({
      status: 'cancelled',
      changed: false,
    });
    x.clock.set('2026-09-03T15:31:00Z');
    await eventually(async () =>
      expect((await thread()).find((m) => m.messageId === res.body.messageId)!.status).toBe('cancelled'),
    );
    await new Promise((r) => setTimeout(r, 1200));
    expect(copies(body)).toBe(0);
  });

  it('a text already sent cannot be cancelled; a bad send time is refused', async () => {
    const res = await x.t.http
      .post('/v1/students/sarah/sms')
      .set(auth(bell))
      .send({ body: 'Hi Sarah, quick check-in', idempotencyKey: 'now-0001' })
      .expect(202);
    await eventually(async () =>
      expect((await thread()).find((m) => m.messageId === res.body.messageId)!.status).toBe('delivered'),
    );
    const late = await x.t.http.post(`/v1/students/sarah/sms/${res.body.messageId}/cancel`).set(auth(bell)).expect(422);
    expect(late.body.error.code).toBe('SMS_ALREADY_SENT');
    const bad = await x.t.http
      .post('/v1/students/sarah/sms')
      .set(auth(bell))
      .send({ body: 'Hi', idempotencyKey: 'bad-0001', sendAt: 'tomorrow morning' })
      .expect(400);
    expect(bad.body.error.code).toBe('INVALID_SEND_AT');
  });

  it('Twilio answering 429 twice: retried with backoff, sent once, delivered', async () => {
    x.standin.failNext(2, 429);
    const body = 'Hi Sarah, how can I help you get back to work today?';
    const res = await x.t.http
      .post('/v1/students/sarah/sms')
      .set(auth(bell))
      .send({ body, idempotencyKey: 'busy-0001' })
      .expect(202);
    await eventually(async () =>
      expect((await thread()).find((m) => m.messageId === res.body.messageId)!.status).toBe('delivered'),
    );
    expect(copies(body)).toBe(1);
  });
});
