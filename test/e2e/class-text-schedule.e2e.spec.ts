import { SmsSimulatorGateway } from '../../src/infrastructure/sms/simulator/sms-simulator.gateway';
import { bellStudent, classStory, type Headers } from '../support/class-story';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { localDate, localInstant, TestClock } from '../support/test-clock';

const ZONE = 'America/Chicago'; // the district's and the students' (allowTexting): texts go out 8:00 to 21:00
const NUMBERS: Record<string, string> = { sara: '+12015550161', tom: '+12015550162', kia: '+12015550163' };

/**
 * Issue 16, item 4 with time and a second person: a class text written at night is scheduled for the morning; one
 * student texts STOP before it is due. At the due time that student's text is not sent (the send-time rule, judged on
 * the record as it is then); the others' are.
 */
describe('e2e: a scheduled class text meets a STOP before it is due', () => {
  const clock = new TestClock(localInstant(ZONE, 0, 22, 30)); // 22:30: quiet hours until 8:00
  let t: TestApp;
  let simulator: SmsSimulatorGateway;
  let bell: Headers, admin: Headers;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    simulator = t.app.get(SmsSimulatorGateway);
    const cast = await classStory(t);
    ({ bell, admin } = cast);
    for (const [id, smsNumber] of Object.entries(NUMBERS))
      await bellStudent(t, cast.sis, {
        id,
        smsNumber,
        startedOn: localDate(ZONE, 10),
        courseId: 'chem-2',
        courseName: 'Chemistry',
      });
    await t.settle(); // the section's class list and the directory (STOP finds the student by number) are read models
  });
  afterAll(() => t.close());

  it("scheduled for 8:00; STOP at 23:00 cancels that student's text at 8:00; the other two go out, once each", async () => {
    const sent = await t.http
      .post('/v1/sections/chem-2/texts')
      .set(bell)
      .send({
        body: 'Hi {firstName}, study session tomorrow at 1:00 in {className} - {teacherName}',
        idempotencyKey: 'chem-2-night-1',
      })
      .expect(201);
    const answers = sent.body.students as {
      studentId: string;
      outcome: string;
      messageId: string;
      sendAt: string | null;
    }[];
    expect(answers.map((a) => [a.studentId, a.outcome])).toEqual([
      ['kia', 'scheduled'],
      ['sara', 'scheduled'],
      ['tom', 'scheduled'],
    ]);
    const messageOf = Object.fromEntries(answers.map((a) => [a.studentId, a.messageId]));

    // 23:00: Tom's family texts STOP. Only the STOP confirmation goes out tonight.
    clock.set(localInstant(ZONE, 0, 23));
    await t.http.post('/v1/dev/sms-simulator/replies').set(admin).send({ from: NUMBERS.tom, body: 'STOP' }).expect(202);
    await eventually(async () =>
      expect(simulator.messages().map((m) => [m.to, m.body.includes('unsubscribed')])).toEqual([[NUMBERS.tom, true]]),
    );
    await t.settle();

    // 8:01 the next morning: due.
    clock.set(localInstant(ZONE, -1, 8, 1));
    await eventually(async () => {
      const studySession = simulator.messages().filter((m) => m.body.includes('study session'));
      expect(studySession.map((m) => [m.to, m.body]).sort()).toEqual([
        [NUMBERS.sara, 'Hi Sara, study session tomorrow at 1:00 in Chemistry - Amy Bell'],
        [NUMBERS.kia, 'Hi Kia, study session tomorrow at 1:00 in Chemistry - Amy Bell'],
      ]);
    });
    await eventually(async () => {
      const thread = (await t.http.get('/v1/students/tom/threads/t-bell').set(bell).expect(200)).body as {
        messages: { messageId: string; status: string; errorCode: string | null }[];
      };
      expect(thread.messages.find((m) => m.messageId === messageOf.tom)).toMatchObject({
        status: 'cancelled',
        errorCode: 'opted_out',
      });
    });
    // The record says why: the class text cancelled at the due time, after the opt-out, on Tom's own stream, and never
    // attempted (the one text sent after the STOP is its confirmation).
    const tom = (await t.store.readStream('student-d1/tom')).map((e) => ({
      type: e.type,
      messageId: (e.data as { messageId?: string }).messageId,
    }));
    const ofText = tom.filter((e) => e.messageId === messageOf.tom).map((e) => e.type);
    expect(ofText).toEqual(['SmsQueued', 'SmsCancelled']);
    expect(tom.findIndex((e) => e.type === 'SmsCancelled')).toBeGreaterThan(
      tom.findIndex((e) => e.type === 'SmsOptedOut'),
    );
    // Later still, nothing more goes out: each text once, Tom's never.
    clock.advance(60 * 60_000);
    await t.settle();
    expect(simulator.messages().filter((m) => m.body.includes('study session'))).toHaveLength(2);
  });
});
