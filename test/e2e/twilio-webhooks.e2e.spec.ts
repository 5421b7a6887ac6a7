import { AUTH_TOKEN } from '../support/twilio-standin/twilio-standin.config';
import { statusParams } from '../support/twilio-standin/twilio-standin.webhooks';
import { eventually } from '../support/test-app';
import { PUBLIC_BASE_URL, startTwilioTestApp, type TwilioTestApp } from '../support/twilio-test-app';
import twilio from 'twilio';

/** Twilio's webhooks: signatures, repeated and out-of-order status callbacks, idempotent inbound, keywords. */
describe('e2e: Twilio webhooks (signed by the SDK, through a proxy)', () => {
  let x: TwilioTestApp;
  let bell: string, compliance: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  /** Everything recorded, except the audit trail of reads (GET requests record who looked, asynchronously). */
  const eventCount = () => x.t.eventCount((type) => !type.startsWith('StudentRecordAccess'));
  const streamTypes = async (id: string) => (await x.t.store.readStream(`student-d1/${id}`)).map((e) => e.type);

  beforeAll(async () => {
    x = await startTwilioTestApp();
    const admin = x.t.token('school_admin', 'adm-1');
    const sis = x.t.token('sis', 'sis-sync');
    bell = x.t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' });
    compliance = x.t.token('compliance', 'comp-1');
    await x.t.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(admin))
      .send({
        smsAllowed: true,
        timeZone: 'America/Chicago',
        quietHours: { start: '08:00', end: '21:00' },
        allowedLinkHosts: [],
      })
      .expect(200);
    for (const [id, phone] of [
      ['sarah', '+12015550123'],
      ['becky', '+12015550145'],
    ]) {
      await x.t.http
        .post('/v1/students')
        .set(auth(sis))
        .send({ studentId: id, firstName: id, lastName: 'Jones', smsNumber: phone })
        .expect(201);
      await x.t.http
        .post(`/v1/students/${id}/enrollments`)
        .set(auth(sis))
        .send({
          enrollmentId: `enr-${id}`,
          courseId: 'ela',
          courseName: 'ELA 9',
          teacherId: 't-bell',
          teacherName: 'Amy Bell',
          startedOn: '2026-08-24',
        })
        .expect(201);
    }
    await x.t.settle();
  });
  afterAll(async () => {
    await x.close();
  });

  async function textAndWait(studentId: string, key: string, status = 'delivered'): Promise<string> {
    const res = await x.t.http
      .post(`/v1/students/${studentId}/sms`)
      .set(auth(bell))
      .send({ body: `Hello ${studentId}, study session at 1:00 (${key})`, idempotencyKey: key })
      .expect(202);
    await eventually(async () => {
      const thread = await x.t.http.get(`/v1/students/${studentId}/threads/t-bell`).set(auth(bell)).expect(200);
      expect(thread.body.messages.find((m: { messageId: string }) => m.messageId === res.body.messageId).status).toBe(
        status,
      );
    });
    await x.standin.flush();
    return res.body.messageId as string;
  }

  it('refuses unsigned, wrongly signed, tampered and wrong-URL requests with 403, changing nothing', async () => {
    x.standin.callbackMode = 'none';
    const messageId = await textAndWait('sarah', 'sig-0001', 'sent');
    const sid = x.standin.messages().at(-1)!.sid;
    const before = await eventCount();
    const url = `${PUBLIC_BASE_URL}/webhooks/twilio/status?messageId=${messageId}&studentId=sarah&districtId=d1`;
    const params = statusParams(x.standin.messages().at(-1)!, 'delivered', null);
    const post = (headers: Record<string, string>, body = params, path = url) =>
      x.t.http.post(path.replace(PUBLIC_BASE_URL, '')).type('form').set(headers).send(body);
    for (const res of [
      await post({}),
      await post({ 'X-Twilio-Signature': twilio.getExpectedTwilioSignature('wrong-token', url, params) }),
      await post(
        { 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) },
        { ...params, MessageStatus: 'failed', ErrorCode: '30006' },
      ),
      await post({
        'X-Twilio-Signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url.replace('https:', 'http:'), params),
      }),
      await post(
        { 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) },
        params,
        url.replace('studentId=sarah', 'studentId=becky'),
      ),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('INVALID_TWILIO_SIGNATURE');
    }
    const inbound = await x.standin.sendInbound(x.inboundUrl, { from: '+12015550123', body: 'STOP' }, 'wrong-token');
    expect(inbound.status).toBe(403);
    expect(await eventCount()).toBe(before);
    // The same callback, properly signed for the public URL, is accepted.
    expect((await x.standin.emitStatus(sid, 'delivered')).status).toBe(204);
    await eventually(async () => expect(await streamTypes('sarah')).toContain('SmsDelivered'));
    x.standin.callbackMode = 'in_order';
  });

  it('out-of-order and repeated status callbacks never move a status back or count twice', async () => {
    x.standin.callbackMode = 'reversed';
    const first = await textAndWait('becky', 'order-0001');
    x.standin.callbackMode = 'duplicated';
    const second = await textAndWait('becky', 'order-0002');
    x.standin.callbackMode = 'in_order';
    for (const m of x.standin.messages().filter((s) => s.to === '+12015550145')) {
      await x.standin.emitStatus(m.sid, 'sent');
      await x.standin.emitStatus(m.sid, 'delivered');
    }
    const events = await x.t.store.readStream('student-d1/becky');
    for (const id of [first, second]) {
      const of = events.filter((e) => (e.data as { messageId?: string }).messageId === id).map((e) => e.type);
      expect(of.filter((t) => t === 'SmsSent').length).toBeLessThanOrEqual(1);
      expect(of.filter((t) => t === 'SmsDelivered')).toHaveLength(1);
    }
    await eventually(async () => {
      const thread = await x.t.http.get('/v1/students/becky/threads/t-bell').set(auth(bell)).expect(200);
      expect(thread.body.messages.map((m: { status: string }) => m.status)).toEqual(['delivered', 'delivered']);
    });
  });

  it('records an inbound text once however often Twilio retries it (same MessageSid)', async () => {
    const first = await x.standin.sendInbound(x.inboundUrl, { from: '+12015550145', body: 'Thanks, I will be there' });
    const again = await x.standin.sendInbound(x.inboundUrl, {
      from: '+12015550145',
      body: 'Thanks, I will be there',
      sid: first.sid,
    });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect((await streamTypes('becky')).filter((t) => t === 'SmsReceived')).toHaveLength(1);
  });

  it('keeps an inbound text holding a NUL (Twilio will not resend a changed body): U+FFFD in its place, marked in the event and the log', async () => {
    const res = await x.standin.sendInbound(x.inboundUrl, { from: '+12015550145', body: 'on my way\u0000!' });
    expect(res.status).toBe(200);
    const received = (await x.t.store.readStream('student-d1/becky')).filter((e) => e.type === 'SmsReceived').at(-1)!;
    expect(received.data).toMatchObject({ body: 'on my way\uFFFD!', bodySanitized: true, providerMessageId: res.sid });
    await eventually(async () => {
      const log = await x.t.http.get('/v1/students/becky/log').set(auth(compliance)).expect(200);
      expect(log.body.at(-1)).toMatchObject({
        kind: 'sms_inbound',
        summary: expect.stringMatching(/on my way\uFFFD!.*replaced with U\+FFFD/),
      });
    });
    // A clean text carries no mark at all.
    await x.standin.sendInbound(x.inboundUrl, { from: '+12015550145', body: 'clean' });
    const clean = (await x.t.store.readStream('student-d1/becky')).filter((e) => e.type === 'SmsReceived').at(-1)!;
    expect(clean.data).not.toHaveProperty('bodySanitized');
  });

  it('keeps a status callback whose ErrorMessage holds a NUL: the failure is recorded with U+FFFD in its place', async () => {
    x.standin.callbackMode = 'none';
    const messageId = await textAndWait('sarah', 'nul-status-1', 'sent');
    const message = x.standin.messages().at(-1)!;
    const url = `${PUBLIC_BASE_URL}/webhooks/twilio/status?messageId=${messageId}&studentId=sarah&districtId=d1`;
    const params = { ...statusParams(message, 'undelivered', 30099), ErrorMessage: 'Carrier said\u0000 no' };
    const res = await x.t.http
      .post(url.replace(PUBLIC_BASE_URL, ''))
      .type('form')
      .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params))
      .send(params);
    x.standin.callbackMode = 'in_order';
    expect(res.status).toBe(204);
    const failed = (await x.t.store.readStream('student-d1/sarah')).filter((e) => e.type === 'SmsFailed').at(-1)!;
    expect(failed.data).toMatchObject({ messageId, reason: 'Carrier said\uFFFD no (Twilio error 30099)' });
  });

  it('flags "please stop texting me" to the thread\'s staff member', async () => {
    await x.standin.sendInbound(x.inboundUrl, { from: '+12015550145', body: 'please stop texting me' });
    await eventually(async () => {
      const thread = await x.t.http.get('/v1/students/becky/threads/t-bell').set(auth(bell)).expect(200);
      expect(thread.body.messages.at(-1)).toMatchObject({
        direction: 'inbound',
        body: 'please stop texting me',
        flag: 'likely_opt_out_request',
      });
      const log = await x.t.http.get('/v1/students/becky/log').set(auth(compliance)).expect(200);
      expect(log.body.filter((e: { kind: string }) => e.kind === 'opt_out_request')).toEqual([
        expect.objectContaining({ summary: expect.stringMatching(/flagged to t-bell/) }),
      ]);
    });
    expect(await streamTypes('becky')).not.toContain('SmsOptedOut');
  });

  it('STOP records an opt-out with its note; a retried STOP and a later START change nothing more; HELP is recorded', async () => {
    await x.standin.sendInbound(x.inboundUrl, { from: '+12015550123', body: 'help' });
    const stop = await x.standin.sendInbound(x.inboundUrl, { from: '+12015550123', body: 'Stop' });
    expect(stop.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    await x.t.settle();
    await x.standin.sendInbound(x.inboundUrl, { from: '+12015550123', body: 'Stop', sid: stop.sid });
    await x.standin.sendInbound(x.inboundUrl, { from: '+12015550123', body: 'START' });
    await x.t.settle();
    const types = await streamTypes('sarah');
    expect(types.filter((t) => t === 'SmsOptedOut')).toHaveLength(1);
    expect(types.slice(-6)).toEqual([
      'SmsReceived',
      'SmsKeywordReceived',
      'SmsReceived',
      'SmsOptedOut',
      'SmsReceived',
      'SmsKeywordReceived',
    ]);
    // Twilio answers the keywords (TWILIO_KEYWORD_REPLIES defaults to twilio): we queue no answer of our own.
    expect(types).not.toContain('KeywordReplyQueued');
    await eventually(async () => {
      const log = await x.t.http.get('/v1/students/sarah/log').set(auth(compliance)).expect(200);
      expect(log.body.find((e: { kind: string }) => e.kind === 'opt_out').summary).toMatch(
        /^Student texted STOP, removed SMS number, \d{1,2}\/\d{1,2}\/\d{2} - automatic$/,
      );
      expect(log.body.filter((e: { kind: string }) => e.kind === 'sms_keyword').at(-1).summary).toMatch(
        /texted START: nothing restored/,
      );
      const roster = await x.t.http.get('/v1/enrollments/current?studentId=sarah').set(auth(bell)).expect(200);
      expect(roster.body[0]).toMatchObject({ smsEnabled: false, smsDisabledReason: 'opted_out' });
    });
  });
});
