/**
 * Figure 5, dispatcher: the service runs with SMS_GATEWAY=twilio pointed at the local Twilio stand-in
 * (test/support/twilio-standin: the real Twilio SDK over HTTP, signed status callbacks back to the service) and
 * SMS_RATE_PER_SECOND = the target. Its dispatcher is started only now (DispatcherLeadership, as on boot), with every
 * text queued by figures 1 and 2 as its backlog, far more than the window can send. Measured on the stand-in's side,
 * from the create requests it received: the achieved rate over the window (from the first request), and the most
 * requests inside any sliding one-second window.
 */
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { DispatcherLeadership } from '../src/application/dispatch-sms/dispatcher-leadership';
import type { TestClock } from '../test/support/test-clock';
import { ACCOUNT_SID, AUTH_TOKEN, twilioEnv } from '../test/support/twilio-standin/twilio-standin.config';
import { TwilioStandin } from '../test/support/twilio-standin/twilio-standin.server';
import { round, sleep } from './support/stats';

export interface DispatcherFigure {
  targetRate: number;
  achievedRate: number;
  maxWindowRate: number;
  sends: number;
  windowSeconds: number;
  deviationPercent: number;
}

const PUBLIC_BASE_URL = 'https://texting.school.example';

/** The stand-in, and the environment that points the service at it (callbacks reach the app once it listens). */
export async function startTwilio(clock: TestClock, rate: number): Promise<{ standin: TwilioStandin; env: Record<string, string>; attach(app: INestApplication): void }> {
  let local = '';
  const standin = await TwilioStandin.start({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, now: () => clock.now(), deliverTo: (url) => url.replace(PUBLIC_BASE_URL, local) });
  return {
    standin,
    env: { ...twilioEnv(standin, PUBLIC_BASE_URL), SMS_RATE_PER_SECOND: String(rate) },
    attach: (app) => void (local = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`),
  };
}

export async function dispatcherRate(app: INestApplication, standin: TwilioStandin, opts: { rate: number; seconds: number }): Promise<DispatcherFigure> {
  await app.get(DispatcherLeadership).start();
  // The dispatcher first re-reads the log from its checkpoint; the window starts at the first send.
  const startBy = Date.now() + 60_000;
  while (standin.createRequests.length === 0 && Date.now() < startBy) await sleep(20);
  if (standin.createRequests.length === 0) throw new Error('the dispatcher sent nothing within 60 s');
  const first = standin.createRequests[0]!.at;
  while (performance.now() < first + opts.seconds * 1000) await sleep(50);
  const times = standin.createRequests.map((r) => r.at);
  const inWindow = times.filter((t) => t < first + opts.seconds * 1000);
  const achievedRate = inWindow.length / opts.seconds;
  return {
    targetRate: opts.rate, achievedRate: round(achievedRate, 1), maxWindowRate: maxInAnySecond(times), sends: inWindow.length, windowSeconds: opts.seconds,
    deviationPercent: round(((achievedRate - opts.rate) / opts.rate) * 100, 2),
  };
}

/** The most timestamps (ms) inside any half-open window [t, t + 1000), over every start t: a true sliding window. */
export function maxInAnySecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + 1000) j++;
    best = Math.max(best, j - i);
  }
  return best;
}
