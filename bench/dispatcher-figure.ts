/**
 * `npm run bench -- --only dispatcher` (issue 19): figure 5 alone. The same set-up as the full run's (the service
 * sending through the real `twilio` SDK to the stand-in in a child process at SMS_RATE_PER_SECOND = 225, both signed
 * status callbacks coming back over HTTP), on the seeded dataset with its read models rebuilt and the live
 * projections running; the backlog is queued first through the CommandBus (SendSms to the hot students), since the
 * full run's figures 1 and 2 are not there to leave one.
 * BENCH_CPU_PROFILE=<dir> writes a CPU profile of each window (the service's process) there.
 */
import { CommandBus } from '@nestjs/cqrs';
import path from 'node:path';
import { Client } from 'pg';
import { ProjectionRunner } from '../src/projections/runner/projection-runner';
import { dispatcherRate, startTwilio } from './dispatcher.bench';
import { rebuildReadModels } from './rebuild.bench';
import { TARGET } from './run-config';
import { startBenchApp } from './support/app';
import { topStatements } from './support/postgres';
import { startProfile } from './support/profile';
import { cpuPer, cpuSnapshot } from './support/cpu';
import { hotSlices, type DatasetPlan } from './support/dataset';
import { busSends, sendOnBus } from './support/requests';
import { loadAverage } from './support/report';
import { schoolDayClock } from '../test/support/test-clock';

export async function runDispatcherFigure(
  databaseUrl: string,
  plan: DatasetPlan,
  opts: { quick: boolean; log: (line: string) => void },
): Promise<void> {
  const { log } = opts;
  const seconds = opts.quick ? 6 : 15;
  const clock = schoolDayClock();
  const twilio = await startTwilio(clock, TARGET.dispatcherRate);
  const app = await startBenchApp(databaseUrl, twilio.env, { manualReactions: true, clock });
  twilio.attach(app.app);
  try {
    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(
      `INSERT INTO reaction_checkpoints (name, position) SELECT 'sms-dispatcher', max(position) FROM events`,
    );
    await admin.end();
    const rebuilt = await rebuildReadModels(app.app.get(ProjectionRunner));
    log(`  read models rebuilt: ${rebuilt.events} events in ${rebuilt.seconds.toFixed(1)} s`);
    await app.app.get(ProjectionRunner).start();
    const bus = app.app.get(CommandBus);
    const sends = busSends(plan, hotSlices(plan).warm);
    // More than the window can send: the backlog must never run dry (backlogLeft > 0 says it did not).
    const backlog = Math.ceil(TARGET.dispatcherRate * (seconds + 4) * 1.3);
    await sendOnBus(bus, sends, backlog, 'dispatch');
    log(`  ${backlog} texts queued`);
    const load = loadAverage();
    await topStatements(databaseUrl);
    const profile = process.env.BENCH_CPU_PROFILE ? await startProfile() : undefined;
    const cpu = cpuSnapshot();
    const figure = await dispatcherRate(app.app, twilio.standin, { rate: TARGET.dispatcherRate, seconds });
    const cpuMsPerText = cpuPer(cpu, cpuSnapshot(), figure.allSends);
    if (profile) await profile(path.join(process.env.BENCH_CPU_PROFILE!, 'dispatcher.cpuprofile'));
    log(
      `  load ${load}: ${figure.achievedRate}/s (${figure.deviationPercent} %), max in any 1 s ${figure.maxWindowRate}, backlog left ${figure.backlogLeft}; CPU per text: service ${cpuMsPerText.nodeMs} ms, PostgreSQL ${cpuMsPerText.postgresMs} ms`,
    );
    for (const line of await topStatements(databaseUrl)) log(`    ${line}`);
    const runs = [{ load, ...figure, cpuMsPerText }];
    console.log(JSON.stringify({ figure: 'dispatcher', runs }));
  } finally {
    await app.close();
    await twilio.standin.close();
  }
}
