/**
 * Figure 5, dispatcher: the service runs with SMS_GATEWAY=twilio pointed at the local Twilio stand-in
 * (test/support/twilio-standin: the real Twilio SDK over HTTP, signed status callbacks back to the service) and
 * SMS_RATE_PER_SECOND = the target. Its dispatcher is started only now (DispatcherLeadership, as on boot), with every
 * text queued by figures 1 and 2 as its backlog, far more than the window can send.
 *
 * The stand-in runs in a child process, as Twilio runs elsewhere: its work (answering creates, signing and posting
 * two status callbacks per text) is not the service's, and on the service's event loop it would both slow the
 * dispatcher down and delay the very timestamps that are measured. The service still handles every callback.
 *
 * Measured on the stand-in's side, from the create requests it received (its own clock): the achieved rate over the
 * steady part (the `seconds` after a one-second start-up from the first request), the most requests inside any
 * sliding one-second window over the whole run (start-up included), and how many texts the dispatcher still had to
 * send at the end (the backlog must not have run dry, or the rate measured the supply, not the dispatcher).
 */
import type { INestApplication } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { DispatcherLeadership } from '../src/application/delivery/dispatch-sms/dispatcher-leadership';
import { SmsDispatcher } from '../src/application/delivery/dispatch-sms/sms-dispatcher';
import { schoolDayClock, type TestClock } from '../test/support/test-clock';
import { ACCOUNT_SID, AUTH_TOKEN, twilioEnv } from '../test/support/twilio-standin/twilio-standin.config';
import { TwilioStandin } from '../test/support/twilio-standin/twilio-standin.server';
import { forkModule } from './support/process';
import { round, sleep } from './support/stats';

export interface DispatcherFigure {
  targetRate: number;
  achievedRate: number;
  maxWindowRate: number;
  sends: number;
  /** Every send of the run, start-up and the last 250 ms included: what the CPU per text is divided by. */
  allSends: number;
  windowSeconds: number;
  deviationPercent: number;
  /** Texts the dispatcher still had to send when the window ended (> 0: the backlog never ran dry). */
  backlogLeft: number;
  measured: string;
}

const PUBLIC_BASE_URL = 'https://texting.school.example';
const WARM_UP_MS = 1_000;

/** The stand-in in its child process, seen from here. */
export interface RemoteStandin {
  baseUrl: string;
  /** Receive times (the child's performance.now(), ms) of every create request so far. */
  createTimes(): Promise<number[]>;
  close(): Promise<void>;
}

type Request = { id: number; op: 'times' | 'attach' | 'close'; local?: string };
type Reply = { id: number; times?: number[] };

/** The stand-in (in a child process), and the environment that points the service at it. */
export async function startTwilio(
  _clock: TestClock,
  rate: number,
): Promise<{ standin: RemoteStandin; env: Record<string, string>; attach(app: INestApplication): void }> {
  const child = forkModule(__filename, ['standin']);
  const pending = new Map<number, (reply: Reply) => void>();
  let ids = 0;
  child.on('message', (m: Reply | { ready: string }) => {
    if ('id' in m) pending.get(m.id)?.(m);
    pending.delete((m as Reply).id);
  });
  const ask = (op: Request['op'], local?: string): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const id = ++ids;
      pending.set(id, resolve);
      child.send({ id, op, ...(local ? { local } : {}) } satisfies Request, (error) => error && reject(error));
    });
  const baseUrl = await readyOf(child);
  const standin: RemoteStandin = {
    baseUrl,
    createTimes: async () => (await ask('times')).times ?? [],
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask('close').catch(() => undefined);
      await exited;
    },
  };
  return {
    standin,
    env: { ...twilioEnv({ baseUrl } as TwilioStandin, PUBLIC_BASE_URL), SMS_RATE_PER_SECOND: String(rate) },
    attach: (app) => void ask('attach', `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`),
  };
}

function readyOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    child.once('message', (m: { ready?: string }) =>
      m.ready ? resolve(m.ready) : reject(new Error('the Twilio stand-in did not start')),
    );
    child.once('exit', (code) => reject(new Error(`the Twilio stand-in exited (${code})`)));
  });
}

export async function dispatcherRate(
  app: INestApplication,
  standin: RemoteStandin,
  opts: { rate: number; seconds: number },
): Promise<DispatcherFigure> {
  await app.get(DispatcherLeadership).start();
  // The dispatcher first re-reads the log from its checkpoint; the window starts at the first send.
  const startBy = Date.now() + 60_000;
  while ((await standin.createTimes()).length === 0 && Date.now() < startBy) await sleep(20);
  if ((await standin.createTimes()).length === 0) throw new Error('the dispatcher sent nothing within 60 s');
  // Until the window has passed on this side, plus time for the last requests to be received there.
  await sleep(WARM_UP_MS + opts.seconds * 1000 + 250);
  const backlogLeft = app.get(SmsDispatcher).pending;
  const times = await standin.createTimes();
  const from = times[0]! + WARM_UP_MS;
  const to = from + opts.seconds * 1000;
  const inWindow = times.filter((t) => t >= from && t < to);
  const achievedRate = inWindow.length / opts.seconds;
  return {
    targetRate: opts.rate,
    achievedRate: round(achievedRate, 1),
    maxWindowRate: maxInAnySecond(times),
    sends: inWindow.length,
    allSends: times.length,
    windowSeconds: opts.seconds,
    deviationPercent: round(((achievedRate - opts.rate) / opts.rate) * 100, 2),
    backlogLeft,
    measured: `create requests received by the Twilio stand-in (child process): rate over ${opts.seconds} s after a ${WARM_UP_MS / 1000} s start-up; max over any sliding 1 s of the whole run`,
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

/** The child: the stand-in on the business clock of a school day, delivering callbacks to the app once attached. */
async function standinChild(): Promise<void> {
  const clock = schoolDayClock();
  let local = '';
  const standin = await TwilioStandin.start({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    now: () => clock.now(),
    deliverTo: (url) => url.replace(PUBLIC_BASE_URL, local),
  });
  process.on('message', (m: Request) => {
    if (m.op === 'attach') local = m.local!;
    if (m.op === 'times') process.send!({ id: m.id, times: standin.createRequests.map((r) => r.at) } satisfies Reply);
    if (m.op === 'close')
      void standin.close().finally(() => process.send!({ id: m.id } satisfies Reply, () => process.exit(0)));
  });
  process.on('disconnect', () => void standin.close().finally(() => process.exit(0)));
  process.send!({ ready: standin.baseUrl });
}

if (require.main === module && process.argv[2] === 'standin') {
  standinChild().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
