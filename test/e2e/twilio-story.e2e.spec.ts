import { eventually } from '../support/test-app';
import { startTwilioTestApp, type TwilioTestApp } from '../support/twilio-test-app';

/**
 * The seed's story through the Twilio adapter: the real SDK over HTTP against the Twilio stand-in, delivery reports
 * and replies arriving as signed webhooks through a "proxy" (public https URL, app on a local port).
 */
describe('e2e: the seed story through Twilio (stand-in), signed callbacks and replies', () => {
  let x: TwilioTestApp;
  let admin: string, sis: string, bell: string, registrar: string, compliance: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    x = await startTwilioTestApp();
    x.standin.invalidNumbers.add('+12015550177');
    admin = x.t.token('school_admin', 'adm-1', { initials: 'P.Admin' });
    sis = x.t.token('sis', 'sis-sync');
    bell = x.t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' });
    registrar = x.t.token('registrar', 'reg-1', { initials: 'R.Diaz' });
    compliance = x.t.token('compliance', 'comp-1');
  });
  afterAll(async () => {
    await x.close();
  });

  it('tells the whole story', async () => {
    const { t, standin } = x;
    await t.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(admin))
      .send({
        smsAllowed: true,
        timeZone: 'America/Denver',
        quietHours: { start: '08:00', end: '21:00' },
        allowedLinkHosts: ['school.org'],
      })
      .expect(200);
    for (const [id, first, phone] of [
      ['sarah', 'Sarah', '(201) 555-0123'],
      ['tim', 'Tim', '201.555.0177'],
      ['becky', 'Becky', '+1 201 555 0145'],
    ]) {
      await t.http
        .post('/v1/students')
        .set(auth(sis))
        .send({ studentId: id, firstName: first, lastName: 'Jones', smsNumber: phone })
        .expect(201);
      await t.http
        .post(`/v1/students/${id}/enrollments`)
        .set(auth(sis))
        .send({
          enrollmentId: `enr-${id}`,
          courseId: 'ela-9',
          courseName: 'ELA 9',
          teacherId: 't-bell',
          teacherName: 'Amy Bell',
          startedOn: '2026-08-24',
        })
        .expect(201);
    }
    await t.settle();
    expect(
      (await t.http.get('/v1/enrollments/current').set(auth(bell)).expect(200)).body.every(
        (r: { smsEnabled: boolean }) => r.smsEnabled,
      ),
    ).toBe(true);

    // Mrs. Bell texts Sarah; a double click sends one text, and Twilio receives exactly one.
    const text = {
      body: 'Hi Sarah, this is Mrs. Bell, your ELA teacher. Are you able to get started in class?',
      idempotencyKey: 'click-0001',
    };
    const sent = await t.http.post('/v1/students/sarah/sms').set(auth(bell)).send(text).expect(202);
    expect(sent.body).toMatchObject({ status: 'queued', scheduledFor: null, notice: null, duplicate: false });
    await t.http.post('/v1/students/sarah/sms').set(auth(bell)).send(text).expect(200);

    // Twilio's signed status callbacks (sent, then delivered) find the text by the message id in their URL.
    await eventually(async () => {
      const res = await t.http.get('/v1/students/sarah/threads/t-bell').set(auth(bell)).expect(200);
      expect(res.body.messages[0]).toMatchObject({
        messageId: sent.body.messageId,
        direction: 'outbound',
        status: 'delivered',
      });
    });
    expect(standin.messages().filter((m) => m.to === '+12015550123')).toHaveLength(1);
    expect(standin.messages()[0]!.statusCallback).toBe(
      `https://texting.school.example/webhooks/twilio/status?messageId=${sent.body.messageId}&studentId=sarah&districtId=d1`,
    );
    await standin.flush();
    expect(standin.callbackAnswers.map((a) => a.status)).toEqual([204, 204]);

    // Sarah replies from her phone: teacher first, and Twilio gets empty TwiML (no auto-text).
    const reply = await standin.sendInbound(x.inboundUrl, { from: '+12015550123', body: 'Yes! I can log on today' });
    expect(reply).toMatchObject({ status: 200, body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' });
    expect(reply.contentType).toMatch(/^text\/xml/);
    await eventually(async () => {
      const res = await t.http.get('/v1/students/sarah/threads/t-bell').set(auth(bell)).expect(200);
      expect(
        res.body.messages.map((m: { direction: string; channel: string }) => `${m.direction}/${m.channel}`),
      ).toEqual(['outbound/sms', 'inbound/sms']);
    });

    // Becky texts before anyone texted her: kept, in nobody's thread. An unknown number is kept too.
    await standin.sendInbound(x.inboundUrl, { from: '+12015550145', body: 'who is this' });
    await standin.sendInbound(x.inboundUrl, { from: '+12015550999', body: 'hello?' });
    await eventually(async () => {
      const inbox = await t.http.get('/v1/inbound/unrouted').set(auth(registrar)).expect(200);
      expect(
        inbox.body.map((u: { studentId: string | null; reason: string }) => `${u.studentId}:${u.reason}`).sort(),
      ).toEqual(['becky:no_thread', 'null:unknown_number']);
    });

    // Tim's number is invalid at Twilio (21211): failed with the reason, flagged, SMS Enabled says why.
    const failed = await t.http
      .post('/v1/students/tim/sms')
      .set(auth(bell))
      .send({ body: "Hi Tim, don't forget about Algebra class", idempotencyKey: 'click-0002' })
      .expect(202);
    await eventually(async () => {
      const res = await t.http.get('/v1/students/tim/threads/t-bell').set(auth(bell)).expect(200);
      expect(res.body.messages[0]).toMatchObject({
        messageId: failed.body.messageId,
        status: 'failed',
        errorCode: '21211',
      });
      expect(res.body.messages[0].failureReason).toMatch(/not a valid phone number/);
    });
    await t.settle();
    expect(
      (await t.http.get('/v1/enrollments/current?studentId=tim').set(auth(bell)).expect(200)).body[0],
    ).toMatchObject({ smsEnabled: false, smsDisabledReason: 'number_flagged_invalid' });
    const blocked = await t.http
      .post('/v1/students/tim/sms')
      .set(auth(bell))
      .send({ body: 'Hi Tim', idempotencyKey: 'click-0003' })
      .expect(422);
    expect(blocked.body.error.details).toEqual({ reason: 'number_flagged_invalid' });
    await t.http
      .patch('/v1/students/tim/contact')
      .set(auth(registrar))
      .send({ smsNumber: '+12015550188', reason: 'Family gave a new number' })
      .expect(200);
    await t.settle();
    expect(
      (await t.http.get('/v1/enrollments/current?studentId=tim').set(auth(bell)).expect(200)).body[0],
    ).toMatchObject({ smsEnabled: true });

    // A parent asks for no texts: number removed, the seed's note kept.
    const out = await t.http
      .post('/v1/students/sarah/opt-out')
      .set(auth(bell))
      .send({ requestedBy: 'parent' })
      .expect(200);
    expect(out.body.note).toMatch(
      /^Parent requested no texting, removed SMS number, \d{1,2}\/\d{1,2}\/\d{2} - A\.Bell$/,
    );

    await t.settle();
    const log = await t.http.get('/v1/students/sarah/log').set(auth(compliance)).expect(200);
    expect(log.body.map((e: { kind: string }) => e.kind)).toEqual([
      'registration',
      'enrollment',
      'sms_outbound',
      'sms_status',
      'sms_status',
      'sms_inbound',
      'opt_out',
    ]);
    const timLog = await t.http.get('/v1/students/tim/log').set(auth(compliance)).expect(200);
    expect(timLog.body.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['sms_status', 'contact_flag', 'contact_change']),
    );
  });
});
