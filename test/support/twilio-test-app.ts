import type { AddressInfo } from 'node:net';
import { contractProblems } from './contract-checked-agent';
import { startTestApp, type TestApp } from './test-app';
import { schoolDayClock, type TestClock } from './test-clock';
import { ACCOUNT_SID, AUTH_TOKEN, twilioEnv } from './twilio-standin/twilio-standin.config';
import { TwilioStandin } from './twilio-standin/twilio-standin.server';

/**
 * The public address configured at Twilio. The app itself listens on 127.0.0.1:<random>, as behind a proxy: the
 * stand-in signs for this URL and delivers to the local port, so signature checks must use PUBLIC_BASE_URL.
 */
export const PUBLIC_BASE_URL = 'https://texting.school.example';

export interface TwilioTestApp {
  t: TestApp;
  standin: TwilioStandin;
  clock: TestClock;
  /** The inbound webhook URL as configured at Twilio. */
  inboundUrl: string;
  close(): Promise<void>;
}

/** The whole app with SMS_GATEWAY=twilio, its SDK pointed at the Twilio stand-in, listening on a real port. */
export async function startTwilioTestApp(
  env: Record<string, string> = {},
  clock: TestClock = schoolDayClock(),
  prepare?: (standin: TwilioStandin) => void,
): Promise<TwilioTestApp> {
  let local = '';
  let t: TestApp | undefined = undefined;
  // Twilio's webhook answers are checked against the document like every other answer; they are posted by the
  // stand-in (often in the background), so a mismatch fails the suite when it closes.
  const mismatches: string[] = [];
  const answered = (url: string, answer: { status: number; body: string; contentType: string | null }) => {
    if (!t) return;
    const body =
      answer.contentType?.startsWith('application/json') && answer.body !== ''
        ? (JSON.parse(answer.body) as unknown)
        : answer.body;
    mismatches.push(...contractProblems(t.contract, 'POST', url, answer.status, answer.contentType ?? undefined, body));
  };
  const standin = await TwilioStandin.start({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    now: () => clock.now(),
    deliverTo: (url) => url.replace(PUBLIC_BASE_URL, local),
    answered,
  });
  // What Twilio holds before the app starts (the Messaging Service's numbers, read at start-up).
  prepare?.(standin);
  const app = await startTestApp(
    { ...twilioEnv(standin, PUBLIC_BASE_URL), SMS_RATE_PER_SECOND: '20', SMS_RETRY_BASE_MS: '50', ...env },
    { clock },
  );
  t = app;
  await app.app.listen(0, '127.0.0.1');
  local = `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`;
  return {
    t: app,
    standin,
    clock,
    inboundUrl: `${PUBLIC_BASE_URL}/webhooks/twilio/inbound`,
    async close() {
      await standin.close();
      await app.close();
      if (mismatches.length > 0)
        throw new Error(
          `Twilio webhook answers do not conform to the OpenAPI document:\n${[...new Set(mismatches)].join('\n')}`,
        );
    },
  };
}
