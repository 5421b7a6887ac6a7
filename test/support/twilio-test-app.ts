import type { AddressInfo } from 'node:net';
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
export async function startTwilioTestApp(env: Record<string, string> = {}, clock: TestClock = schoolDayClock(), prepare?: (standin: TwilioStandin) => void): Promise<TwilioTestApp> {
  let local = '';
  const standin = await TwilioStandin.start({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, now: () => clock.now(), deliverTo: (url) => url.replace(PUBLIC_BASE_URL, local) });
  // What Twilio holds before the app starts (the Messaging Service's numbers, read at start-up).
  prepare?.(standin);
  const t = await startTestApp({ ...twilioEnv(standin, PUBLIC_BASE_URL), SMS_RATE_PER_SECOND: '20', SMS_RETRY_BASE_MS: '50', ...env }, { clock });
  await t.app.listen(0, '127.0.0.1');
  local = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  return {
    t, standin, clock,
    inboundUrl: `${PUBLIC_BASE_URL}/webhooks/twilio/inbound`,
    async close() {
      await standin.close();
      await t.close();
    },
  };
}
