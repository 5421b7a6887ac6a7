import { MESSAGING_SERVICE_SID } from '../support/twilio-standin/twilio-standin.config';
import { startTwilioTestApp, type TwilioTestApp } from '../support/twilio-test-app';
import { runTwoTeacherStory } from '../support/two-teacher-story';

const POOL = ['+12015550180', '+12015550181'];

/** The two-teacher story through the real Twilio SDK and signed inbound webhooks (stand-in), with a pool of two. */
describe('e2e: replies reach the teacher they were meant for (Twilio stand-in, signed webhooks)', () => {
  let x: TwilioTestApp;
  afterAll(async () => { await x.close(); });

  it('sends each thread from its own number of the pool through the Messaging Service, and routes by the webhook\'s To', async () => {
    x = await startTwilioTestApp({ TWILIO_FROM_NUMBERS: POOL.join(',') });
    const answers: number[] = [];
    await runTwoTeacherStory(x.t, {
      sentFrom: (body) => x.standin.messages().find((m) => m.body === body)?.from ?? null,
      reply: async (from, to, body) => void answers.push((await x.standin.sendInbound(x.inboundUrl, { from, to, body })).status),
    }, '+12015550100');
    expect(answers).toEqual([200, 200, 200]);
    expect(x.standin.messages().map((m) => [m.from, m.messagingServiceSid])).toEqual([[POOL[0], MESSAGING_SERVICE_SID], [POOL[1], MESSAGING_SERVICE_SID]]);
  });
});
