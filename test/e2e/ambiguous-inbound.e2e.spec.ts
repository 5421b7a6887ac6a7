import { CommandBus } from '@nestjs/cqrs';
import { ReceiveInboundSmsCommand } from '../../src/application/replies/receive-inbound-sms/receive-inbound-sms.command';
import { systemEnvelope } from '../../src/application/delivery/dispatch-sms/system-actor';
import { scopedStudentStreamId } from '../../src/domain/student/student-stream';
import { allowTexting, auth } from '../support/compliance-story';
import { startTestApp, type TestApp } from '../support/test-app';

type Headers = Record<string, string>;
const SHARED = '+12015550150';

/**
 * Issue 15: a text from a number students of several districts have on file. Which district's student wrote cannot be
 * known, so it is routed to none of them (not even to the one a teacher texted last): each of those districts keeps
 * it in its unmatched inbox as `ambiguous_number`, once.
 */
describe('e2e: a text from a number students of several districts share', () => {
  let t: TestApp;
  const registrar = (d: string): Headers => auth(t.token('registrar', `reg-${d}`, { district: d }));
  const unrouted = async (d: string) =>
    (await t.http.get('/v1/inbound/unrouted').set(registrar(d)).expect(200)).body as {
      studentId: string | null;
      fromNumber: string | null;
      body: string;
      reason: string;
    }[];
  const studentEvents = async (d: string, studentId: string) =>
    (await t.store.readStream(scopedStudentStreamId({ districtId: d, studentId }))).map((e) => e.type);

  beforeAll(async () => {
    t = await startTestApp();
    for (const [d, studentId, first] of [
      ['d1', 'amy', 'Amy'],
      ['d2', 'ben', 'Ben'],
    ] as const) {
      await allowTexting(t, d);
      const sis = auth(t.token('sis', `sis-${d}`, { district: d }));
      await t.http
        .post('/v1/students')
        .set(sis)
        .send({ studentId, firstName: first, lastName: 'Shared', smsNumber: '(201) 555-0150' })
        .expect(201);
      await t.http
        .post(`/v1/students/${studentId}/enrollments`)
        .set(sis)
        .send({
          enrollmentId: `e-${studentId}`,
          courseId: 'bio',
          courseName: 'Biology',
          teacherId: 't-bell',
          teacherName: 'Amy Bell',
          startedOn: '2026-08-24',
        })
        .expect(201);
    }
    // District 1's teacher texts Amy: the sibling rule (the one texted last) would pick her; it must not apply here.
    await t.http
      .post('/v1/students/amy/sms')
      .set(auth(t.token('teacher', 't-bell', { district: 'd1', initials: 'A.Bell' })))
      .send({ body: 'Hi Amy, class at 9?', idempotencyKey: 'ambiguous-1' })
      .expect(202);
    await t.settle();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is kept in each district’s unmatched inbox as ambiguous_number, and on no student’s record', async () => {
    const admin = auth(t.token('school_admin', 'adm-d1', { district: 'd1' }));
    await t.http
      .post('/v1/dev/sms-simulator/replies')
      .set(admin)
      .send({ from: SHARED, body: 'who is this?' })
      .expect(202);
    await t.settle();
    for (const d of ['d1', 'd2']) {
      expect(await unrouted(d)).toEqual([
        expect.objectContaining({
          studentId: null,
          fromNumber: SHARED,
          body: 'who is this?',
          reason: 'ambiguous_number',
        }),
      ]);
    }
    expect(await studentEvents('d1', 'amy')).not.toContain('SmsReceived');
    expect(await studentEvents('d1', 'amy')).not.toContain('InboundSmsUnrouted');
    expect(await studentEvents('d2', 'ben')).toEqual(['StudentRegistered', 'EnrollmentStarted']);
    const thread = await t.http
      .get('/v1/students/amy/threads/t-bell')
      .set(auth(t.token('teacher', 't-bell', { district: 'd1' })))
      .expect(200);
    expect(thread.body.messages.map((m: { direction: string }) => m.direction)).toEqual(['outbound']);
  });

  it("the provider's retry of the same text is kept once per district", async () => {
    const receive = () =>
      t.app
        .get(CommandBus)
        .execute(
          new ReceiveInboundSmsCommand(
            { from: SHARED, to: null, body: 'retried', providerMessageId: 'SM-retried-1' },
            systemEnvelope('sms-inbound', 'd1', `c-${Math.random()}`),
          ),
        );
    expect(await receive()).toMatchObject({ outcome: 'unmatched', studentId: null });
    expect(await receive()).toMatchObject({ outcome: 'duplicate', studentId: null });
    await t.settle();
    for (const d of ['d1', 'd2']) {
      expect((await unrouted(d)).filter((u) => u.body === 'retried')).toHaveLength(1);
    }
  });

  it('STOP from the shared number opts out the students of every district who have it, each on their own record', async () => {
    const admin = auth(t.token('school_admin', 'adm-d1', { district: 'd1' }));
    await t.http.post('/v1/dev/sms-simulator/replies').set(admin).send({ from: SHARED, body: 'STOP' }).expect(202);
    await t.settle();
    for (const [d, studentId] of [
      ['d1', 'amy'],
      ['d2', 'ben'],
    ] as const) {
      const events = await t.store.readStream(scopedStudentStreamId({ districtId: d, studentId }));
      expect(events.filter((e) => e.type === 'SmsOptedOut').map((e) => e.data)).toEqual([
        expect.objectContaining({ removedNumber: SHARED, requestedBy: 'keyword' }),
      ]);
      const profile = await t.http.get(`/v1/students/${studentId}`).set(registrar(d)).expect(200);
      expect(profile.body).toMatchObject({ smsNumber: null, optedOut: true });
    }
    // Still on nobody's thread: the text itself is in each district's unmatched inbox.
    for (const d of ['d1', 'd2']) expect((await unrouted(d)).filter((u) => u.body === 'STOP')).toHaveLength(1);
    // A teacher's text afterwards is refused at once (no number, opted out), not sent to the phone that said STOP.
    const answer = await t.http
      .post('/v1/students/amy/sms')
      .set(auth(t.token('teacher', 't-bell', { district: 'd1', initials: 'A.Bell' })))
      .send({ body: 'Hi Amy, are you there?', idempotencyKey: 'ambiguous-after-stop' });
    expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status: 422, code: 'SMS_NOT_ENABLED' });
  });
});
