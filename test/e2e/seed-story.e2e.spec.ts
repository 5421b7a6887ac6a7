import type { ApiClient } from '../../client';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

/**
 * The school's texting guidance, start to finish, through the generated typed client (client/) against the real HTTP
 * server on real PostgreSQL with the SMS simulator: register, enroll, SMS Enabled, send, delivered, reply routed
 * (teacher first), unrouted reply kept, a failed send with its reason, opt-out with its note, calls and notes, and the
 * communication log showing everything. Every answer is also checked against the OpenAPI document (test-app.ts).
 */
describe('e2e: the seed story through the typed client (PostgreSQL event store, SMS simulator)', () => {
  let t: TestApp;
  let admin: ApiClient, sis: ApiClient, bell: ApiClient, registrar: ApiClient, compliance: ApiClient;
  const student = (id: string) => ({ params: { path: { id } } });
  const thread = (id: string, staffId: string) => ({ params: { path: { id, staffId } } });

  beforeAll(async () => {
    t = await startTestApp({ SIMULATOR_INVALID_NUMBERS: '+12015550177' });
    admin = await t.client(t.token('school_admin', 'adm-1', { initials: 'P.Admin' }));
    sis = await t.client(t.token('sis', 'sis-sync'));
    bell = await t.client(t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' }));
    registrar = await t.client(t.token('registrar', 'reg-1', { initials: 'R.Diaz' }));
    compliance = await t.client(t.token('compliance', 'comp-1'));
  });
  afterAll(async () => {
    await t.close();
  });

  it('tells the whole story', async () => {
    // The district turns texting on.
    const policy = await admin.PUT('/v1/districts/{districtId}/sms-policy', {
      params: { path: { districtId: 'd1' } },
      body: {
        smsAllowed: true,
        timeZone: 'America/Denver',
        quietHours: { start: '08:00', end: '21:00' },
        allowedLinkHosts: ['school.org'],
      },
    });
    expect(policy.response.status).toBe(200);

    // The SIS registers three students and enrolls them with Mrs. Bell.
    for (const [id, first, phone] of [
      ['sarah', 'Sarah', '(201) 555-0123'],
      ['tim', 'Tim', '201.555.0177'],
      ['becky', 'Becky', '+1 201 555 0145'],
    ] as const) {
      const registered = await sis.POST('/v1/students', {
        body: { studentId: id, firstName: first, lastName: 'Jones', smsNumber: phone },
      });
      expect(registered.response.status).toBe(201);
      const enrolled = await sis.POST('/v1/students/{id}/enrollments', {
        ...student(id),
        body: {
          enrollmentId: `enr-${id}`,
          courseId: 'ela-9',
          courseName: 'ELA 9',
          teacherId: 't-bell',
          teacherName: 'Amy Bell',
          startedOn: '2026-08-24',
        },
      });
      expect(enrolled.response.status).toBe(201);
    }

    // Current enrollments: SMS Enabled for all three.
    await t.settle();
    const roster = await bell.GET('/v1/enrollments/current', {});
    expect(roster.data).toHaveLength(3);
    expect(roster.data?.every((r) => r.smsEnabled)).toBe(true);

    // Mrs. Bell texts Sarah; a double click sends one text.
    const text = {
      body: 'Hi Sarah, this is Mrs. Bell, your ELA teacher. Are you able to get started in class?',
      idempotencyKey: 'click-0001',
    };
    const sent = await bell.POST('/v1/students/{id}/sms', { ...student('sarah'), body: text });
    expect(sent.response.status).toBe(202);
    expect(sent.data).toMatchObject({ status: 'queued', enrollmentId: 'enr-sarah', duplicate: false });
    const messageId = sent.data!.messageId;
    const again = await bell.POST('/v1/students/{id}/sms', { ...student('sarah'), body: text });
    expect(again.response.status).toBe(200);
    expect(again.data).toMatchObject({ messageId, duplicate: true });

    // Delivered, as the phone network reports it.
    const delivered = await eventually(async () => {
      const { data } = await bell.GET('/v1/students/{id}/threads/{staffId}', thread('sarah', 't-bell'));
      expect(data?.messages[0]).toMatchObject({ messageId, direction: 'outbound', status: 'delivered' });
      return data!;
    });
    expect(delivered.messages).toHaveLength(1);

    // Sarah replies from her phone: teacher first puts it in Mrs. Bell's thread.
    expect(
      (
        await admin.POST('/v1/dev/sms-simulator/replies', {
          body: { from: '+12015550123', body: 'Yes! I can log on today' },
        })
      ).response.status,
    ).toBe(202);
    await eventually(async () => {
      const { data } = await bell.GET('/v1/students/{id}/threads/{staffId}', thread('sarah', 't-bell'));
      expect(data?.messages.map((m) => `${m.direction}/${m.channel}`)).toEqual(['outbound/sms', 'inbound/sms']);
    });

    // ...and in the portal's messages tab, into the same thread, marked with its channel.
    const sarah = await t.client(t.token('student', 'sarah'));
    const replied = await sarah.POST('/v1/me/threads/{staffId}/replies', {
      params: { path: { staffId: 't-bell' } },
      body: { body: 'Also, when is the study session?' },
    });
    expect(replied.response.status).toBe(201);
    const portal = await eventually(async () => {
      const { data } = await sarah.GET('/v1/me/threads/{staffId}', { params: { path: { staffId: 't-bell' } } });
      expect(data?.messages).toHaveLength(3);
      return data!;
    });
    expect(portal.messages[2]).toMatchObject({ direction: 'inbound', channel: 'portal' });

    // Becky texts before anyone texted her: kept, but in nobody's thread. An unknown number is kept too.
    await admin.POST('/v1/dev/sms-simulator/replies', { body: { from: '+12015550145', body: 'who is this' } });
    await admin.POST('/v1/dev/sms-simulator/replies', { body: { from: '+12015550999', body: 'hello?' } });
    await eventually(async () => {
      const { data } = await registrar.GET('/v1/inbound/unrouted', {});
      expect(data?.map((u) => `${u.studentId}:${u.reason}`).sort()).toEqual(['becky:no_thread', 'null:unknown_number']);
    });
    expect((await bell.GET('/v1/students/{id}/threads', student('becky'))).data).toEqual([]);

    // A text to an invalid number fails, with its reason on the message (the portal's red bar).
    const failed = await bell.POST('/v1/students/{id}/sms', {
      ...student('tim'),
      body: { body: "Hi Tim, don't forget about Algebra class", idempotencyKey: 'click-0002' },
    });
    expect(failed.response.status).toBe(202);
    await eventually(async () => {
      const { data } = await bell.GET('/v1/students/{id}/threads/{staffId}', thread('tim', 't-bell'));
      expect(data?.messages[0]).toMatchObject({
        messageId: failed.data!.messageId,
        status: 'failed',
        errorCode: '30006',
        failureReason: expect.stringMatching(/not a valid/),
      });
    });

    // A parent asks for no texts: number removed, the seed's note kept, SMS Enabled now "no" with the reason.
    const out = await bell.POST('/v1/students/{id}/opt-out', { ...student('sarah'), body: { requestedBy: 'parent' } });
    expect(out.response.status).toBe(200);
    expect(out.data?.note).toMatch(
      /^Parent requested no texting, removed SMS number, \d{1,2}\/\d{1,2}\/\d{2} - A\.Bell$/,
    );
    await t.settle();
    const after = await bell.GET('/v1/enrollments/current', { params: { query: { studentId: 'sarah' } } });
    expect(after.data?.[0]).toMatchObject({ smsEnabled: false, smsDisabledReason: 'opted_out' });
    const refused = await bell.POST('/v1/students/{id}/sms', {
      ...student('sarah'),
      body: { body: 'Hi Sarah', idempotencyKey: 'click-0003' },
    });
    expect(refused.response.status).toBe(422);
    expect(refused.error?.error).toMatchObject({ code: 'SMS_NOT_ENABLED', correlationId: expect.any(String) });

    // Calls are still made and logged; notes too. A teacher cannot change contact details; the registrar can.
    const call = await bell.POST('/v1/students/{id}/calls', {
      ...student('sarah'),
      body: {
        direction: 'outbound',
        party: 'parent',
        outcome: 'connected',
        durationSeconds: 240,
        notes: 'Talked about pacing',
      },
    });
    expect(call.response.status).toBe(201);
    expect(
      (
        await bell.POST('/v1/students/{id}/notes', {
          ...student('sarah'),
          body: { body: 'Family prefers phone calls' },
        })
      ).response.status,
    ).toBe(201);
    const denied = await bell.PATCH('/v1/students/{id}/contact', {
      ...student('sarah'),
      body: { smsNumber: '+12015550188' },
    });
    expect(denied.response.status).toBe(403);
    expect(denied.error?.error.code).toBe('CONTACT_CHANGE_NOT_ALLOWED');
    const changed = await registrar.PATCH('/v1/students/{id}/contact', {
      ...student('sarah'),
      body: { smsNumber: '+12015550188', reason: 'Parent called the school to resume texts' },
    });
    expect(changed.data).toMatchObject({ studentId: 'sarah', changed: true });

    // The communication log shows everything, in order.
    await t.settle();
    const log = await compliance.GET('/v1/students/{id}/log', {
      params: { path: { id: 'sarah' }, header: { 'X-Access-Purpose': 'Seed story review' } },
    });
    expect(log.data?.map((e) => e.kind)).toEqual([
      'registration',
      'enrollment',
      'sms_outbound',
      'sms_status',
      'sms_status',
      'sms_inbound',
      'sms_inbound',
      'opt_out',
      'call',
      'note',
      'contact_change',
    ]);
    expect(log.data?.find((e) => e.kind === 'opt_out')?.summary).toBe(out.data?.note);
    const beckyLog = await compliance.GET('/v1/students/{id}/log', student('becky'));
    expect(beckyLog.data?.map((e) => e.kind)).toContain('sms_unrouted');
    const restored = await bell.GET('/v1/enrollments/current', { params: { query: { studentId: 'sarah' } } });
    expect(restored.data?.[0]).toMatchObject({ smsEnabled: true, smsDisabledReason: null });
  });
});
