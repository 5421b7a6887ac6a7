/**
 * What-if measurements for the SendSms hot path (not part of `npm run bench`): the same HTTP load with parts of the
 * path swapped at runtime, reported as CPU milliseconds per command in the service process and in PostgreSQL, which
 * a noisy machine barely moves. Variants, interleaved and repeated:
 *   current        the code as it is
 *   runner-before  StudentCommandRunner as before this work: re-read the student's stream and fold the district's
 *                  whole stream on every command
 *   jwt-keyobject  + verifying tokens with a cached KeyObject (jsonwebtoken otherwise tries createPublicKey on the
 *                  secret string first, and fails, on every request): a change for token.service.ts
 *   no-logging     + LOG_LEVEL=silent: what one pino-http line per request costs
 *   npx ts-node --transpile-only bench/experiments/command-path.ts
 */
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { ConcurrencyError } from '../../src/application/ports/event-store.port';
import { StudentCommandRunner } from '../../src/application/shared/student-command-runner';
import { asDomainEvent, toEventData } from '../../src/application/shared/to-event-data';
import { districtStreamId, type DistrictEvent } from '../../src/domain/district/district.events';
import { evolveDistrict, initialDistrictState } from '../../src/domain/district/district.state';
import { decideStudent } from '../../src/domain/student/student.decide';
import { studentStreamId } from '../../src/domain/student/student.events';
import { evolveStudent } from '../../src/domain/student/student.state';
import { sendSmsLoad } from '../commands.bench';
import { startBenchApp } from '../support/app';
import { cpuPer, cpuSnapshot } from '../support/cpu';
import { QUICK_PLAN, hotSlices } from '../support/dataset';
import { startBenchDatabase } from '../support/postgres';
import { sendSmsRequests, teacherTokens } from '../support/requests';
import { seedInChild } from '../support/seed';

type Runner = { run: StudentCommandRunner['run'] };
const currentRun = StudentCommandRunner.prototype.run;

/** The runner's run() before this work (load every time, district folded from its stream every time). */
const runBefore: StudentCommandRunner['run'] = function (this: StudentCommandRunner, studentId, command, env) {
  const self = this as unknown as { locks: { run<T>(k: string, f: () => Promise<T>): Promise<T> }; load(s: string): Promise<{ state: never; revision: bigint | null }>; store: { readStream: (s: string) => Promise<never[]>; append: (...a: unknown[]) => Promise<{ nextExpectedRevision: bigint }> }; clock: { now(): Date }; ids: never; cache: { set(...a: unknown[]): void } };
  const streamId = studentStreamId(studentId);
  return self.locks.run(streamId, async () => {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await self.load(streamId);
      const profile = (state as { profile?: { districtId: string } | null }).profile;
      const districtId = profile?.districtId ?? env.actor.districtId;
      let d = initialDistrictState();
      for (const e of await self.store.readStream(districtStreamId(districtId))) d = evolveDistrict(d, asDomainEvent<DistrictEvent>(e));
      const now = self.clock.now();
      const events = decideStudent(command, state, { actor: env.actor, now, district: d.policy });
      if (events.length === 0) return { events, revision, state };
      try {
        const appended = await self.store.append(streamId, toEventData(events, command.type, env, now, self.ids), revision ?? 'no_stream');
        for (const e of events) evolveStudent(state, e);
        self.cache.set(streamId, state, appended.nextExpectedRevision);
        return { events, revision: appended.nextExpectedRevision, state };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= 4) throw error;
      }
    }
  });
};

const jwtVerify = JwtService.prototype.verify;
const keys = new Map<string, KeyObject>();
function keyObjectJwt(on: boolean): void {
  (JwtService.prototype as unknown as { verify: unknown }).verify = !on ? jwtVerify : function (this: { options: { secret: string } }, token: string, options?: { secret?: string }) {
    const secret = options?.secret ?? this.options.secret;
    let key = keys.get(secret);
    if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret))));
    return jwtVerify.call(this as never, token, { ...options, secret: key as never });
  };
}

async function main(): Promise<void> {
  const db = await startBenchDatabase();
  try {
    await seedInChild(db.url, true);
    const variants: { name: string; logLevel: string; runner: StudentCommandRunner['run']; jwt: boolean }[] = [
      { name: 'current', logLevel: 'info', runner: currentRun, jwt: false },
      { name: 'runner-before', logLevel: 'info', runner: runBefore, jwt: false },
      { name: 'jwt-keyobject', logLevel: 'info', runner: currentRun, jwt: true },
      { name: 'no-logging', logLevel: 'silent', runner: currentRun, jwt: true },
    ];
    const apps = new Map<string, Awaited<ReturnType<typeof startBenchApp>>>();
    for (const level of ['info', 'silent']) apps.set(level, await startBenchApp(db.url, { LOG_LEVEL: level }, { manualReactions: true }));
    const tokens = teacherTokens(apps.get('info')!, QUICK_PLAN);
    const warm = sendSmsRequests(QUICK_PLAN, tokens, hotSlices(QUICK_PLAN).warm);
    // Warm both apps (JIT, every student's state cached) before measuring.
    for (const app of apps.values()) await sendSmsLoad(app.baseUrl, warm, { connections: 16, seconds: 4, tag: 'warm' });
    const results = new Map<string, { node: number[]; pg: number[]; rate: number[] }>();
    for (let round = 0; round < 3; round++) {
      for (const v of variants) {
        (StudentCommandRunner.prototype as unknown as Runner).run = v.runner;
        keyObjectJwt(v.jwt);
        const before = cpuSnapshot();
        const r = await sendSmsLoad(apps.get(v.logLevel)!.baseUrl, warm, { connections: 16, seconds: 5, tag: `${v.name}${round}` });
        const cpu = cpuPer(before, cpuSnapshot(), r.ok);
        const acc = results.get(v.name) ?? { node: [], pg: [], rate: [] };
        acc.node.push(cpu.nodeMs);
        acc.pg.push(cpu.postgresMs);
        acc.rate.push(r.ok / r.durationS);
        results.set(v.name, acc);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const [name, r] of results) {
      console.log(`${name.padEnd(14)} node ${median(r.node).toFixed(2)} ms/command, postgres ${median(r.pg).toFixed(2)} ms/command, ${Math.round(median(r.rate))} commands/s`);
    }
    for (const app of apps.values()) await app.close();
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
