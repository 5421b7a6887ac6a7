/**
 * The full run (`npm run bench`, or `-- --quick` for a tenth of the data): a throw-away PostgreSQL seeded in a child
 * process, the service hosted in this process, every figure in turn beside its ceiling, then the peer and the content
 * guard once the memory figure has stopped, and the report (bench/full-run-report.ts). The phases are in
 * read-model-figures.ts, command-figures.ts and reaction-figures.ts; the sizes and targets in run-config.ts.
 */
import { Client } from 'pg';
import { DispatcherLeadership } from '../src/application/delivery/dispatch-sms/dispatcher-leadership';
import { ProjectionRunner } from '../src/projections/runner/projection-runner';
import { schoolDayClock } from '../test/support/test-clock';
import { classTextFigure, commandFigures, rosterFigure } from './command-figures';
import { benchContentGuard } from './content-guard';
import { startTwilio } from './dispatcher.bench';
import { reportFullRun } from './full-run-report';
import { dispatcherFigure, lagFigures } from './reaction-figures';
import { auditFigure, rebuildCeilingFigure, rebuildFigure, scaleFigure } from './read-model-figures';
import { CFG, TARGET, plan, quick, type FullRun, type Log } from './run-config';
import { startBenchApp } from './support/app';
import { totalEvents } from './support/dataset';
import { MemorySampler, mb } from './support/memory';
import { startBenchDatabase, vacuum } from './support/postgres';
import { fmt, machineFacts } from './support/report';
import { teacherTokens } from './support/requests';
import { seedInChild } from './support/seed';

// Loaded only when used: emmett and its modules are not part of the service's memory figure.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const peerModule = () => Promise.resolve(require('./peers/run-peer') as typeof import('./peers/run-peer'));

/** The whole suite; `startedAt` (performance.now()) is when the run began, for the report's duration. */
export async function runFullSuite(startedAt: number, log: Log): Promise<void> {
  const db = await startBenchDatabase();
  const machine = machineFacts(db.settings);
  log(
    `${quick ? 'QUICK' : 'FULL'} run: ${machine.cores} cores, ${machine.memoryGb} GiB, Node ${machine.nodeVersion}, PostgreSQL ${db.settings.server_version}; load average ${machine.loadAverageAtStart.join(' ')}`,
  );
  const memory = new MemorySampler();
  try {
    log(`seeding ${fmt(plan.students)} students, ${fmt(totalEvents(plan))} events (bulk INSERT, child process)...`);
    const seeded = await seedInChild(db.url, quick ? 'quick' : 'full');
    log(`seeded ${fmt(seeded.events)} events in ${(seeded.ms / 1000).toFixed(1)} s`);
    // A database that has been running is vacuumed (visibility map set, hint bits written, statistics current) and
    // checkpointed. Without it, the figures would pay for that housekeeping of the load (autovacuum, first readers,
    // the checkpoint's writes) on the same cores and disk.
    log(`vacuumed and checkpointed the log in ${await vacuum(db.url, 'events, streams')} s`);

    // Before the service starts, with every module already loaded: Node and the harness (compiled: no ts-node).
    const baselineRssMb = mb(process.memoryUsage().rss);
    memory.start();
    memory.enter('startup');
    // One service instance for figures 1-5, sending through Twilio (the stand-in) at the target rate. Reactions are
    // started by hand: the projection runner after the rebuild, the dispatcher only for figure 5.
    const clock = schoolDayClock();
    const twilio = await startTwilio(clock, TARGET.dispatcherRate);
    const app = await startBenchApp(db.url, twilio.env, { manualReactions: true, clock });
    twilio.attach(app.app);
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    // A running service's dispatcher would long have handled the seeded (already delivered) texts.
    await admin.query(
      `INSERT INTO reaction_checkpoints (name, position) SELECT 'sms-dispatcher', max(position) FROM events`,
    );
    const run: FullRun = { app, dbUrl: db.url, plan, cfg: CFG, log };

    const ceiling = await rebuildCeilingFigure(run);
    memory.enter('rebuild');
    const rebuilt = await rebuildFigure(run);
    // The projection runner runs from here on; the dispatcher does not: its sending is figure 5, on its own, with
    // every text queued by figures 1 and 2 as its backlog.
    log(`vacuumed and checkpointed the read models in ${await vacuum(db.url)} s`);
    await app.app.get(ProjectionRunner).start();

    memory.enter('scale');
    const tokens = teacherTokens(app, plan);
    const scale = await scaleFigure(run, tokens);
    memory.enter('audit');
    const audit = await auditFigure(run);
    memory.enter('class-texting');
    const classText = await classTextFigure(run);
    memory.enter('commands');
    const commands = await commandFigures(run, tokens);
    memory.enter('projection-lag');
    const { lag, lagHttp } = await lagFigures(run, commands);
    memory.enter('dispatcher');
    const dispatcher = await dispatcherFigure(run, twilio.standin);
    // Figure 5 is measured: its backlog (tens of thousands of texts, about 1.5 cores of service and PostgreSQL at
    // full rate) stops draining here, so figure 8 measures the import, as `--only roster` does. Until 2026-12-06 it
    // drained during the import, whose figure then moved with the dispatcher (78 s one run, 124 s the next).
    await app.app.get(DispatcherLeadership).stop();
    memory.enter('roster-import');
    const roster = await rosterFigure(run);
    // The import's events may still be being projected when it answers: the next figures start once they are (in the
    // runs of 2026-12-06 they always were already).
    const importEnd = BigInt(
      (await admin.query<{ p: string }>('SELECT max(position)::text AS p FROM events')).rows[0]!.p,
    );
    const catchUp = performance.now();
    await app.app.get(ProjectionRunner).waitFor(importEnd);
    log(
      `  read models caught up with the import ${((performance.now() - catchUp) / 1000).toFixed(1)} s after it answered`,
    );
    // As after the seed and the rebuild: the import's writes vacuumed and written out before the peer's figure. (Added
    // for a slow peer figure that turned out to be the state cache evicted by the import, fixed in the runner; kept so
    // every bulk load of the run is followed alike.)
    log(`vacuumed and checkpointed after the import in ${await vacuum(db.url)} s`);

    // The peer (emmett in this process) is not the service: the memory figure ends here.
    memory.enter('shutdown');
    memory.stop();
    const { peerFigure, peerRows } = await peerModule();
    const peer = await peerFigure(
      app,
      db.url,
      plan,
      commands.slices.warm,
      commands.best.connections,
      CFG.commandS,
      log,
    );
    await admin.end();
    await app.close();
    await twilio.standin.close();
    memory.stop();

    log('content guard (informational; after the memory figure)...');
    const guard = await benchContentGuard();

    const figures = { machine, seeded, ceiling, rebuilt, scale, audit, classText, commands, lag, lagHttp };
    reportFullRun(
      { ...figures, dispatcher, roster, peer, peerRows: () => peerRows(peer), guard, memory, baselineRssMb },
      { quick, plan, startedAt, log },
    );
  } finally {
    memory.stop();
    await db.stop();
  }
}
