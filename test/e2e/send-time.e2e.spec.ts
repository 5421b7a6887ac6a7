import { SmsSimulatorGateway } from '../../src/infrastructure/sms/simulator/sms-simulator.gateway';
import { firstInstantAtOrAfter } from '../../src/domain/student/quiet-hours';
import { TestClock } from '../support/test-clock';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const at = (day: number, minutes: number) =>
  firstInstantAtOrAfter({ year: 2026, month: 9, day, minutes }, 'America/Chicago');

/** Through HTTP, the whole app and the simulator: what decides a scheduled text is the record when it is due. */
describe('e2e: the decision to send at the moment of sending, and keyword replies', () => {
  let t: TestApp;
  let simulator: SmsSimulatorGateway;
  const clock = new TestClock(at(1, 22 * 60 + 30)); // 22:30 in Chicago: texts wait for 8:00
  let bell: string, registrar: string, compliance: string, admin: string;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    simulator = t.app.get(SmsSimulatorGateway);
    admin = t.token('school_admin', 'adm');
    bell = t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' });
    registrar = t.token('registrar', 'reg', { initials: 'R.Reg' });
    compliance = t.token('compliance', 'cmp');
    const sis = t.token('sis', 'sis');
    await t.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(admin))
      .send({
        smsAllowed: true,
        timeZone: 'America/Chicago',
        quietHours: { start: '08:00', end: '21:00' },
        allowedLinkHosts: [],
        keywordReplies: { schoolName: 'Lakeside Virtual', helpPhone: '(555) 010-0200' },
      })
      .expect(200);
    for (const [id, phone] of [
      ['sarah', '+12015550123'],
      ['tim', '+12015550177'],
    ]) {
      await t.http
        .post('/v1/students')
        .set(auth(sis))
        .send({ studentId: id, firstName: id, lastName: 'Jones', smsNumber: phone })
        .expect(201);
      await t.http
        .post(`/v1/students/${id}/enrollments`)
        .set(auth(sis))
        .send({
          enrollmentId: `e-${id}`,
          courseId: 'ela',
          courseName: 'ELA 9',
          teacherId: 't-bell',
          teacherName: 'Amy Bell',
          startedOn: '2026-08-24',
        })
        .expect(201);
    }
    await t.settle(); // texts from the students' phones find them through the directory read model
  });
  afterAll(async () => {
    await t.close();
  });

  it('STOP at night: confirmed at once; the text scheduled for the morning is cancelled, "Not sent: ..." in the thread and the log; a number changed overnight gets its text', async () => {
    const toSarah = await t.http
      .post('/v1/students/sarah/sms')
      .set(auth(bell))
      .send({ body: 'Hi Sarah, study session tomorrow at 1:00 - Mrs. Bell', idempotencyKey: 'e2e-sarah-1' })
      .expect(202);
    expect(toSarah.body).toMatchObject({ status: 'scheduled' });
    const toTim = await t.http
      .post('/v1/students/tim/sms')
      .set(auth(bell))
      .send({ body: 'Hi Tim, study session tomorrow at 1:00 - Mrs. Bell', idempotencyKey: 'e2e-tim-1' })
      .expect(202);

    await t.http
      .post('/v1/dev/sms-simulator/replies')
      .set(auth(admin))
      .send({ from: '+12015550123', body: 'STOP' })
      .expect(202);
    await eventually(async () =>
      expect(simulator.messages().map((m) => [m.to, m.body.includes('you are unsubscribed')])).toEqual([
        ['+12015550123', true],
      ]),
    );
    await t.http.patch('/v1/students/tim/contact').set(auth(registrar)).send({ smsNumber: '+12015550999' }).expect(200);
    await t.settle();

    clock.set(at(2, 8 * 60 + 1));
    await eventually(async () => {
      const thread = await t.http.get('/v1/students/sarah/threads/t-bell').set(auth(bell)).expect(200);
      const text = thread.body.messages.find((m: { messageId: string }) => m.messageId === toSarah.body.messageId);
      expect(text).toMatchObject({
        status: 'cancelled',
        errorCode: 'opted_out',
        failureReason: expect.stringMatching(
          /^Not sent: the student or family asked for no texts \(checked Wed, Sep 2, 8:0\d AM CDT, when it was due\)\.$/,
        ),
      });
      expect(thread.body.messages.find((m: { flag: string | null }) => m.flag === 'automatic_reply')).toMatchObject({
        direction: 'outbound',
        body: expect.stringContaining('you are unsubscribed'),
      });
    });
    await eventually(async () => {
      const log = await t.http.get('/v1/students/sarah/log').set(auth(compliance)).expect(200);
      expect(log.body.map((e: { summary: string }) => e.summary)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Not sent: the student or family asked for no texts .*\(opted_out\)$/),
          expect.stringMatching(/^Automatic answer \(STOP confirmation\)/),
        ]),
      );
    });
    await eventually(async () =>
      expect(simulator.messages().find((m) => m.messageId === toTim.body.messageId)).toMatchObject({
        to: '+12015550999',
      }),
    );
    expect(simulator.messages().filter((m) => m.body.includes('study session'))).toHaveLength(1);
  });

  it("HELP is answered with the district's help text", async () => {
    await t.http
      .post('/v1/dev/sms-simulator/replies')
      .set(auth(admin))
      .send({ from: '+12015550999', body: 'help' })
      .expect(202);
    await eventually(async () =>
      expect(
        simulator.messages().filter((m) => m.to === '+12015550999' && m.body.includes('Msg & data rates may apply')),
      ).toEqual([
        expect.objectContaining({
          body: 'Lakeside Virtual student texting. For help call (555) 010-0200. Msg & data rates may apply. Reply STOP to stop texts.',
        }),
      ]),
    );
  });

  it('refuses an answer text that is empty or too long, changing nothing', async () => {
    const res = await t.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(admin))
      .send({
        smsAllowed: true,
        timeZone: 'America/Chicago',
        quietHours: { start: '08:00', end: '21:00' },
        allowedLinkHosts: [],
        keywordReplies: { schoolName: 'X', helpPhone: null, help: 'x'.repeat(321) },
      })
      .expect(400);
    expect(res.body.error).toMatchObject({ code: expect.any(String), correlationId: expect.any(String) });
  });
});
