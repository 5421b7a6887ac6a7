import { eventually } from '../support/test-app';
import { startTwilioTestApp, type TwilioTestApp } from '../support/twilio-test-app';

/**
 * Twilio mode, two deployments: with TWILIO_KEYWORD_REPLIES=service this service answers STOP/HELP (from the number
 * the student texted); with =twilio the Messaging Service's Advanced Opt-Out answers and we send nothing. Never both.
 */
describe.each([
  ['service', 2],
  ['twilio', 0],
] as const)('e2e: TWILIO_KEYWORD_REPLIES=%s', (mode, answers) => {
  let x: TwilioTestApp;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  beforeAll(async () => {
    x = await startTwilioTestApp({ TWILIO_KEYWORD_REPLIES: mode });
    const sis = x.t.token('sis', 'sis-sync');
    await x.t.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(x.t.token('school_admin', 'adm-1')))
      .send({
        smsAllowed: true,
        timeZone: 'America/Chicago',
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
    await x.t.settle(); // inbound texts find the student through the directory read model
  });
  afterAll(async () => {
    await x.close();
  });

  it(`HELP and STOP get ${answers} answers from this service; both keywords are recorded either way`, async () => {
    const answered = async (n: number) => {
      await x.t.settle();
      await new Promise((r) => setTimeout(r, 200));
      await eventually(async () => expect(x.standin.messages().filter((m) => m.to === '+12015550123')).toHaveLength(n));
    };
    // One at a time: a HELP answer still waiting when STOP arrives is cancelled (after STOP only the confirmation goes).
    await x.standin.sendInbound(x.inboundUrl, { from: '+12015550123', to: '+12015550100', body: 'HELP' });
    await answered(answers / 2);
    await x.standin.sendInbound(x.inboundUrl, { from: '+12015550123', to: '+12015550100', body: 'STOP' });
    await answered(answers);
    for (const m of x.standin.messages()) expect(m.from).toBe('+12015550100');
    const types = (await x.t.store.readStream('student-d1/sarah')).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['SmsKeywordReceived', 'SmsOptedOut']));
    expect(types.filter((t) => t === 'KeywordReplyQueued')).toHaveLength(answers);
  });
});
