import { eventually, startTestApp, type TestApp } from '../support/test-app';

/**
 * The school's texting guidance, start to finish, through HTTP on real PostgreSQL with the SMS simulator:
 * register, enroll, SMS Enabled, send, delivered, reply routed (teacher first), unrouted reply kept, a failed
 * send with its reason, opt-out with its note, calls and notes, and the communication log showing everything.
 */
describe('e2e: the seed story over HTTP (PostgreSQL event store, SMS simulator)', () => {
  let t: TestApp;
  let admin: string, sis: string, bell: string, registrar: string, compliance: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp({ SIMULATOR_INVALID_NUMBERS: '+12015550177' });
    admin = t.token('school_admin', 'adm-1', { initials: 'P.Admin' });
    sis = t.token('sis', 'sis-sync');
    bell = t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' });
    registrar = t.token('registrar', 'reg-1', { initials: 'R.Diaz' });
    compliance = t.token('compliance', 'comp-1');
  });
  afterAll(async () => { await t.close(); });

  it('tells the whole story', async () => {
    // The district turns texting on.
    await t.http.put('/v1/districts/d1/sms-policy').set(auth(admin))
      .send({ smsAllowed: true, timeZone: 'America/Denver', quietHours: { start: '08:00', end: '21:00' }, allowedLinkHosts: ['school.org'] })
      .expect(200);

    // The SIS registers three students and enrolls them with Mrs. Bell.
    for (const [id, first, phone] of [['sarah', 'Sarah', '(201) 555-0123'], ['tim', 'Tim', '201.555.0177'], ['becky', 'Becky', '+1 201 555 0145']]) {
      await t.http.post('/v1/students').set(auth(sis)).send({ studentId: id, firstName: first, lastName: 'Jones', smsNumber: phone }).expect(201);
      await t.http.post(`/v1/students/${id}/enrollments`).set(auth(sis))
        .send({ enrollmentId: `enr-${id}`, courseId: 'ela-9', courseName: 'ELA 9', teacherId: 't-bell', teacherName: 'Amy Bell', startedOn: '2026-08-24' }).expect(201);
    }

    // Current enrollments: SMS Enabled for all three.
    await t.settle();
    const roster = await t.http.get('/v1/enrollments/current').set(auth(bell)).expect(200);
    expect(roster.body).toHaveLength(3);
    expect(roster.body.every((r: { smsEnabled: boolean }) => r.smsEnabled)).toBe(true);

    // Mrs. Bell texts Sarah; a double click sends one text.
    const text = { body: 'Hi Sarah, this is Mrs. Bell, your ELA teacher. Are you able to get started in class?', idempotencyKey: 'click-0001' };
    const sent = await t.http.post('/v1/students/sarah/sms').set(auth(bell)).send(text).expect(202);
    expect(sent.body).toMatchObject({ status: 'queued', enrollmentId: 'enr-sarah', duplicate: false });
    const again = await t.http.post('/v1/students/sarah/sms').set(auth(bell)).send(text).expect(200);
    expect(again.body).toMatchObject({ messageId: sent.body.messageId, duplicate: true });

    // Delivered, as the phone network reports it.
    const thread = await eventually(async () => {
      const res = await t.http.get('/v1/students/sarah/threads/t-bell').set(auth(bell)).expect(200);
      expect(res.body.messages[0]).toMatchObject({ messageId: sent.body.messageId, direction: 'outbound', status: 'delivered' });
      return res.body;
    });
    expect(thread.messages).toHaveLength(1);

    // Sarah replies from her phone: teacher first puts it in Mrs. Bell's thread.
    await t.http.post('/v1/dev/sms-simulator/replies').set(auth(admin)).send({ from: '+12015550123', body: 'Yes! I can log on today' }).expect(202);
    await eventually(async () => {
      const res = await t.http.get('/v1/students/sarah/threads/t-bell').set(auth(bell)).expect(200);
      expect(res.body.messages.map((m: { direction: string; channel: string }) => `${m.direction}/${m.channel}`)).toEqual(['outbound/sms', 'inbound/sms']);
    });

    // ...and in the portal's messages tab, into the same thread, marked with its channel.
    const sarah = t.token('student', 'sarah');
    await t.http.post('/v1/me/threads/t-bell/replies').set(auth(sarah)).send({ body: 'Also, when is the study session?' }).expect(201);
    const portal = await eventually(async () => {
      const res = await t.http.get('/v1/me/threads/t-bell').set(auth(sarah)).expect(200);
      expect(res.body.messages).toHaveLength(3);
      return res.body;
    });
    expect(portal.messages[2]).toMatchObject({ direction: 'inbound', channel: 'portal' });

    // Becky texts before anyone texted her: kept, but in nobody's thread. An unknown number is kept too.
    await t.http.post('/v1/dev/sms-simulator/replies').set(auth(admin)).send({ from: '+12015550145', body: 'who is this' }).expect(202);
    await t.http.post('/v1/dev/sms-simulator/replies').set(auth(admin)).send({ from: '+12015550999', body: 'hello?' }).expect(202);
    await eventually(async () => {
      const inbox = await t.http.get('/v1/inbound/unrouted').set(auth(registrar)).expect(200);
      expect(inbox.body.map((u: { studentId: string | null; reason: string }) => `${u.studentId}:${u.reason}`).sort()).toEqual(['becky:no_thread', 'null:unknown_number']);
    });
    expect((await t.http.get('/v1/students/becky/threads').set(auth(bell)).expect(200)).body).toEqual([]);

    // A text to an invalid number fails, with its reason on the message (the portal's red bar).
    const failed = await t.http.post('/v1/students/tim/sms').set(auth(bell)).send({ body: 'Hi Tim, don\'t forget about Algebra class', idempotencyKey: 'click-0002' }).expect(202);
    await eventually(async () => {
      const res = await t.http.get('/v1/students/tim/threads/t-bell').set(auth(bell)).expect(200);
      expect(res.body.messages[0]).toMatchObject({ messageId: failed.body.messageId, status: 'failed', errorCode: '30006' });
      expect(res.body.messages[0].failureReason).toMatch(/not a valid/);
    });

    // A parent asks for no texts: number removed, the seed's note kept, SMS Enabled now "no" with the reason.
    const out = await t.http.post('/v1/students/sarah/opt-out').set(auth(bell)).send({ requestedBy: 'parent' }).expect(200);
    expect(out.body.note).toMatch(/^Parent requested no texting, removed SMS number, \d{1,2}\/\d{1,2}\/\d{2} - A\.Bell$/);
    await t.settle();
    const after = await t.http.get('/v1/enrollments/current?studentId=sarah').set(auth(bell)).expect(200);
    expect(after.body[0]).toMatchObject({ smsEnabled: false, smsDisabledReason: 'opted_out' });
    const refused = await t.http.post('/v1/students/sarah/sms').set(auth(bell)).send({ body: 'Hi Sarah', idempotencyKey: 'click-0003' }).expect(422);
    expect(refused.body.error).toMatchObject({ code: 'SMS_NOT_ENABLED' });
    expect(refused.body.error.correlationId).toEqual(expect.any(String));

    // Calls are still made and logged; notes too. A teacher cannot change contact details; the registrar can.
    await t.http.post('/v1/students/sarah/calls').set(auth(bell)).send({ direction: 'outbound', party: 'parent', outcome: 'connected', durationSeconds: 240, notes: 'Talked about pacing' }).expect(201);
    await t.http.post('/v1/students/sarah/notes').set(auth(bell)).send({ body: 'Family prefers phone calls' }).expect(201);
    const denied = await t.http.patch('/v1/students/sarah/contact').set(auth(bell)).send({ smsNumber: '+12015550188' }).expect(403);
    expect(denied.body.error.code).toBe('CONTACT_CHANGE_NOT_ALLOWED');
    await t.http.patch('/v1/students/sarah/contact').set(auth(registrar)).send({ smsNumber: '+12015550188', reason: 'Parent called the school to resume texts' }).expect(200);

    // The communication log shows everything, in order.
    await t.settle();
    const log = await t.http.get('/v1/students/sarah/log').set(auth(compliance)).expect(200);
    expect(log.body.map((e: { kind: string }) => e.kind)).toEqual([
      'registration', 'enrollment', 'sms_outbound', 'sms_status', 'sms_status', 'sms_inbound', 'sms_inbound', 'opt_out', 'call', 'note', 'contact_change',
    ]);
    expect(log.body.find((e: { kind: string }) => e.kind === 'opt_out').summary).toBe(out.body.note);
    const beckyLog = await t.http.get('/v1/students/becky/log').set(auth(compliance)).expect(200);
    expect(beckyLog.body.map((e: { kind: string }) => e.kind)).toContain('sms_unrouted');
    const restored = await t.http.get('/v1/enrollments/current?studentId=sarah').set(auth(bell)).expect(200);
    expect(restored.body[0]).toMatchObject({ smsEnabled: true, smsDisabledReason: null });
  });
});
