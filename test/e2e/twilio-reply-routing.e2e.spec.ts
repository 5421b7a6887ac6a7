import { SENDER_POOL } from '../../src/application/ports/sms-gateway.port';
import { MESSAGING_SERVICE_SID } from '../support/twilio-standin/twilio-standin.config';
import { startTwilioTestApp, type TwilioTestApp } from '../support/twilio-test-app';
import { schoolDayClock } from '../support/test-clock';
import { runTwoTeacherStory } from '../support/two-teacher-story';

/** The two-teacher story through the real Twilio SDK and signed inbound webhooks (stand-in), with a pool of two. */
describe('e2e: replies reach the teacher they were meant for (Twilio stand-in, signed webhooks)', () => {
  let x: TwilioTestApp | undefined;
  afterEach(async () => {
    await x?.close();
  });

  /** The story on this app; returns the (From, MessagingServiceSid) of each text Twilio received. */
  async function story(app: TwilioTestApp): Promise<(string | null)[][]> {
    const answers: number[] = [];
    await runTwoTeacherStory(
      app.t,
      {
        sentFrom: (body) => app.standin.messages().find((m) => m.body === body)?.from ?? null,
        reply: async (from, to, body) =>
          void answers.push((await app.standin.sendInbound(app.inboundUrl, { from, to, body })).status),
      },
      '+12015550100',
    );
    expect(answers).toEqual([200, 200, 200]);
    return app.standin.messages().map((m) => [m.from, m.messagingServiceSid]);
  }

  it("sends each thread from its own number of TWILIO_FROM_NUMBERS through the Messaging Service, and routes by the webhook's To", async () => {
    x = await startTwilioTestApp({ TWILIO_FROM_NUMBERS: '+12015550180,+12015550181' });
    expect(await story(x)).toEqual([
      ['+12015550180', MESSAGING_SERVICE_SID],
      ['+12015550181', MESSAGING_SERVICE_SID],
    ]);
  });

  it("without TWILIO_FROM_NUMBERS, takes the Messaging Service's own numbers (read through the SDK at start-up, sorted)", async () => {
    x = await startTwilioTestApp({}, schoolDayClock(), (standin) =>
      standin.serviceNumbers.push('+12015550171', '+12015550170'),
    );
    expect(x.t.app.get(SENDER_POOL)).toEqual(['+12015550170', '+12015550171']);
    expect(await story(x)).toEqual([
      ['+12015550170', MESSAGING_SERVICE_SID],
      ['+12015550171', MESSAGING_SERVICE_SID],
    ]);
  });
});
