/**
 * The benchmark suite: `npm run bench` (full: 100,000 students, 1,000,000 events; about 5 minutes on 2 cores) or
 * `npm run bench -- --quick` (10,000 students, 120,000 events, shorter runs; about 2 minutes; figures are then
 * indicative only). Starts a throw-away embedded PostgreSQL, seeds it (child process), hosts the service in this
 * process, measures every figure beside its ceiling, prints a table and writes bench/results/latest.json and
 * bench/results/README.md. `npm run bench -- --only peer` runs the emmett peer figure alone (bench/peers/); `--only rebuild`, `--only audit` and `--only roster` run figure 3, 4 or 8 alone (bench/single-figure.ts); `--only class-texting` and `--only inbox` issue 16's figures (bench/workflow-figures.ts, `--repeat N`). See bench/NOTES.md for how each figure is measured and what each optimization bought.
 */
import path from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { Client } from 'pg';
import { StudentCommandRunner } from '../src/application/shared/student-command-runner';
import { ProjectionRunner } from '../src/projections/runner/projection-runner';
import { auditReplay } from './audit-replay.bench';
import { commandRun, headline, insertCeiling, sendSmsLoad, type CommandRun } from './commands.bench';
import { benchContentGuard } from './content-guard';
import { classTextLatency } from './class-texting.bench';
import { dispatcherRate, startTwilio } from './dispatcher.bench';
import { projectionLag, projectionLagViaBus } from './projection-lag.bench';
import { rebuildCeiling, rebuildReadModels } from './rebuild.bench';
import { rosterImportRate } from './roster-import.bench';
import { durableCommitLatency, inboxReads, scaleQueryPlans, scaleReads } from './scale.bench';
// Loaded only when used: emmett and its modules are not part of the service's memory figure.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const peerModule = () => Promise.resolve(require('./peers/run-peer') as typeof import('./peers/run-peer'));
import { startBenchApp } from './support/app';
import { startHttpFloor, startNodeFloor } from './support/http-floor';
import { schoolDayClock } from '../test/support/test-clock';
import {
  FULL_PLAN,
  QUICK_PLAN,
  auditStudentIndex,
  districtId,
  districtOfStudent,
  hotSlices,
  studentId,
  teacherId,
  teachersOfStudent,
  totalEvents,
} from './support/dataset';
import { cpuPer, cpuSnapshot } from './support/cpu';
import { observeGc } from './support/gc';
import { MemorySampler, mb } from './support/memory';
import { startBenchDatabase } from './support/postgres';
import { projectRoot } from './support/process';
import { machineFacts, table, updateProjectReadme, writeResults, type Row } from './support/report';
import {
  busSends,
  enrollmentRequests,
  inboxRequests,
  sendSmsRequests,
  teacherTokens,
  threadRequests,
} from './support/requests';
import { seedInChild } from './support/seed';
import { runSingleFigure, SINGLE_FIGURES, type SingleFigure } from './single-figure';
import { round, summarize } from './support/stats';

const quick = process.argv.includes('--quick');
/** `--only peer`: the peer figure alone (bench/peers/run-peer.ts). */
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const plan = quick ? QUICK_PLAN : FULL_PLAN;
/** `--repeat N`: how many times `--only class-texting` / `--only inbox` measure their figure on one dataset. */
const repeat = process.argv.includes('--repeat') ? Number(process.argv[process.argv.indexOf('--repeat') + 1]) : 1;
if (!Number.isInteger(repeat) || repeat < 1 || repeat > 10) throw new Error('--repeat takes a whole number, 1 to 10');
const CFG = quick
  ? {
      classTextRequests: 5,
      connections: [16, 64],
      ceilingS: 3,
      commandS: 5,
      lagS: 5,
      scaleRequests: 300,
      auditCalls: 20,
      dispatcherS: 6,
    }
  : {
      classTextRequests: 20,
      connections: [8, 16, 32, 64],
      ceilingS: 4,
      commandS: 8,
      lagS: 10,
      scaleRequests: 1000,
      auditCalls: 40,
      dispatcherS: 15,
    };
const TARGET = {
  commandsPerSecond: 2500,
  commandsP99Ms: 50,
  commandsRatio: 0.35,
  lagP99Ms: 100,
  rebuildPerSecond: 40_000,
  rebuildRatio: 0.6,
  auditP99Ms: 50,
  dispatcherRate: 225,
  dispatcherTolerance: 0.02,
  rssMb: 400,
  scaleP99Ms: 20,
  lagRate: 1000,
  rosterStudentsPerMinute: 10_000,
  classTextP99Ms: 2000,
};

const t0 = performance.now();
const log = (line: string): void =>
  console.log(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${line}`);
const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** VACUUM (ANALYZE) of the named tables (all when none), then a CHECKPOINT, in seconds. */
async function vacuum(url: string, tables = ''): Promise<string> {
  const started = performance.now();
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(`VACUUM (ANALYZE) ${tables}`);
    // And its dirty pages long written out: the next figures do not share the disk with a checkpoint of the load.
    await db.query('CHECKPOINT');
  } finally {
    await db.end();
  }
  return ((performance.now() - started) / 1000).toFixed(1);
}

async function main(): Promise<void> {
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

    log('rebuild ceiling: read the log, multi-row INSERT one row per event...');
    const ceiling = await rebuildCeiling(db.url);
    log(`  ceiling ${fmt(ceiling.eventsPerSecond)} events/s (${ceiling.seconds.toFixed(1)} s)`);
    memory.enter('rebuild');
    log('rebuild: ProjectionRunner.rebuild() of every read model...');
    const rebuilt = await rebuildReadModels(app.app.get(ProjectionRunner));
    log(
      `  rebuild ${fmt(rebuilt.eventsPerSecond)} events/s (${fmt(rebuilt.events)} events in ${rebuilt.seconds.toFixed(1)} s)`,
    );
    // The projection runner runs from here on; the dispatcher does not: its sending is figure 5, on its own, with
    // every text queued by figures 1 and 2 as its backlog.
    log(`vacuumed and checkpointed the read models in ${await vacuum(db.url)} s`);
    await app.app.get(ProjectionRunner).start();

    memory.enter('scale');
    const tokens = teacherTokens(app, plan);
    log('scale: current enrollments and thread reads, one at a time...');
    const [teacherA] = teachersOfStudent(plan, 0);
    const scale = {
      ...(await scaleReads(app.baseUrl, enrollmentRequests(plan, tokens), threadRequests(plan, tokens), {
        amount: CFG.scaleRequests,
      })),
      database: await scaleQueryPlans(db.url, {
        districtId: districtId(districtOfStudent(plan, 0)),
        teacherId: teacherId(teacherA),
        studentId: studentId(0),
      }),
      durableCommit: await durableCommitLatency(db.url, CFG.scaleRequests),
      inbox: await inboxReads(app.baseUrl, inboxRequests(plan, tokens), { amount: CFG.scaleRequests }),
    };
    log(
      `  enrollments p99 ${scale.enrollmentsP99Ms} ms, thread p99 ${scale.threadP99Ms} ms (non-2xx ${scale.non2xx}); in the database ${scale.database.currentEnrollments!.executionMs} / ${scale.database.threadMessages!.executionMs} ms; one durable commit p50 ${scale.durableCommit.p50Ms} ms, p99 ${scale.durableCommit.p99Ms} ms`,
    );
    log(
      `  inbox p99 ${scale.inbox.p99Ms} ms (p50 ${scale.inbox.p50Ms} ms; first look p99 ${scale.inbox.coldP99Ms} ms; non-2xx ${scale.inbox.non2xx})`,
    );

    memory.enter('audit');
    const auditIdx = auditStudentIndex(plan);
    log(`audit replay of ${studentId(auditIdx)} (${plan.auditEvents} events)...`);
    const audit = await auditReplay(app.app, studentId(auditIdx), districtId(districtOfStudent(plan, auditIdx)), {
      calls: CFG.auditCalls,
      budgetMs: 20_000,
    });
    log(
      `  history p50 / p99 ${audit.historyP50Ms} / ${audit.historyP99Ms} ms, as-of now ${audit.asOfNowP50Ms} / ${audit.asOfNowP99Ms} ms, as-of mid-history ${audit.asOfMidP50Ms} / ${audit.asOfMidP99Ms} ms; GC while replaying: ${audit.gc.pauses} pauses, ${audit.gc.totalMs} ms in all, longest ${audit.gc.maxMs} ms`,
    );

    memory.enter('class-texting');
    log(`class texting: ${CFG.classTextRequests} class texts to a section of 200 students, one after another...`);
    const classText = await classTextLatency(app, { students: 200, requests: CFG.classTextRequests });
    log(
      `  p50 / p99 ${classText.p50Ms} / ${classText.p99Ms} ms; every student answered in every request: ${classText.allAnswered}`,
    );

    memory.enter('commands');
    const slices = hotSlices(plan);
    const coldRequests = sendSmsRequests(plan, tokens, slices.cold);
    log(
      `commands, cold: ${coldRequests.length} SendSms, each to a student never loaded before (200-event stream), 16 connections...`,
    );
    const coldLoad = await sendSmsLoad(app.baseUrl, coldRequests, {
      connections: 16,
      seconds: 60,
      amount: coldRequests.length,
      order: 'sequence',
      tag: 'cold',
    });
    const cold = {
      ...summarize(coldLoad.latencies),
      perSecond: round(coldLoad.ok / coldLoad.durationS, 0),
      non2xx: coldLoad.non2xx,
    };
    log(`  cold ${fmt(cold.perSecond)}/s, p50 ${cold.p50} ms, p99 ${cold.p99} ms (non-2xx ${cold.non2xx})`);
    const warm = sendSmsRequests(plan, tokens, slices.warm);
    // The sustained runs measure the steady state: every student of the warm slice loaded once beforehand (the
    // runner's per-stream cache), as a running service has them. Full loads are the cold figure above.
    const runner = app.app.get(StudentCommandRunner);
    for (let i = slices.warm[0]; i < slices.warm[1]; i += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, slices.warm[1] - i) }, (_, k) =>
          runner.read({ districtId: districtId(districtOfStudent(plan, i + k)), studentId: studentId(i + k) }),
        ),
      );
    }
    const runs: CommandRun[] = [];
    for (const c of CFG.connections) {
      const ceil = await insertCeiling(db.url, c, CFG.ceilingS);
      const cpuBefore = cpuSnapshot();
      const load = await sendSmsLoad(app.baseUrl, warm, { connections: c, seconds: CFG.commandS, tag: `c${c}` });
      const run = { ...commandRun(c, load, ceil), cpuMsPerCommand: cpuPer(cpuBefore, cpuSnapshot(), load.ok) };
      runs.push(run);
      log(
        `  ${String(c).padStart(2)} connections: ${fmt(run.perSecond)} commands/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, CPU per command: service ${run.cpuMsPerCommand!.nodeMs} ms, PostgreSQL ${run.cpuMsPerCommand!.postgresMs} ms | ceiling ${fmt(run.ceilingPerSecond)}/s (p99 ${run.ceilingP99Ms} ms) | ratio ${run.ratio}${run.non2xx ? ` | non-2xx ${JSON.stringify(run.statuses)}` : ''}`,
      );
    }
    const best = headline(runs, TARGET.commandsP99Ms);
    // The same load against a server that does (next to) nothing: what serving a request costs before any work.
    const floorRun = async (server: { baseUrl: string; close(): Promise<void> }, tag: string) => {
      const before = cpuSnapshot();
      const load = await sendSmsLoad(server.baseUrl, warm, {
        connections: best.connections,
        seconds: CFG.ceilingS,
        tag,
      });
      const cpuMsPerRequest = cpuPer(before, cpuSnapshot(), load.ok).nodeMs;
      await server.close();
      return {
        connections: best.connections,
        perSecond: round(load.ok / load.durationS, 0),
        p99Ms: summarize(load.latencies).p99,
        non2xx: load.non2xx,
        cpuMsPerRequest,
      };
    };
    log(`HTTP floor: the same HTTP platform in front of an empty route, ${best.connections} connections...`);
    const floorApp = await startHttpFloor(app.config);
    const floor = await floorRun({ baseUrl: floorApp.baseUrl, close: () => floorApp.app.close() }, 'floor');
    log(
      `  floor ${fmt(floor.perSecond)} requests/s, p99 ${floor.p99Ms} ms, ${floor.cpuMsPerRequest} ms service CPU per request (non-2xx ${floor.non2xx})`,
    );
    log(
      `Node floor: Node's own HTTP server (no framework) answering the same requests, ${best.connections} connections...`,
    );
    const nodeFloor = await floorRun(await startNodeFloor(), 'node-floor');
    log(
      `  Node floor ${fmt(nodeFloor.perSecond)} requests/s, p99 ${nodeFloor.p99Ms} ms, ${nodeFloor.cpuMsPerRequest} ms CPU per request (the load generator shares the cores)`,
    );

    memory.enter('projection-lag');
    // 1,000 commands/s is more than the HTTP front serves on this machine (figure 1), so the figure drives the
    // service's CommandBus in process at that rate (same handler, runner, decision, append; no HTTP, JWT or
    // validation). Beside it, over HTTP at the highest rate figure 1 showed the service sustains with p99 under target
    // (or 80 % of its best, if none was).
    log(`projection lag at ${TARGET.lagRate} commands/s (SendSms on the CommandBus, in process)...`);
    const lagCpu = cpuSnapshot();
    const lagGc = observeGc();
    const lagRun = await projectionLagViaBus(db.url, app.app.get(CommandBus), busSends(plan, slices.warm), {
      rate: TARGET.lagRate,
      seconds: CFG.lagS,
    });
    // Includes the catch-up wait before the run and the drain after it (both idle-ish): an upper bound per command.
    const lag = { ...lagRun, cpuMsPerCommand: cpuPer(lagCpu, cpuSnapshot(), lagRun.events), gc: lagGc() };
    log(
      `  lag p99 ${fmt(lag.p99Ms)} ms (${Object.entries(lag.perProjection)
        .map(([n, p]) => `${n} ${p.p99Ms}`)
        .join(
          ', ',
        )}) at ${fmt(lag.achievedPerSecond)}/s of ${TARGET.lagRate} offered; CPU per command: service ${lag.cpuMsPerCommand.nodeMs} ms, PostgreSQL ${lag.cpuMsPerCommand.postgresMs} ms`,
    );
    log(
      `  from each append's transaction start instead of its commit: p50 ${lag.fromTransactionStart.p50Ms} ms, p99 ${lag.fromTransactionStart.p99Ms} ms`,
    );
    log(
      `  worst lag in each second: ${lag.maxBySecondMs.join(', ')} ms; GC: ${lag.gc.pauses} pauses, ${lag.gc.totalMs} ms in all, longest ${lag.gc.maxMs} ms`,
    );
    const httpRate = Math.min(
      TARGET.lagRate,
      Math.max(10, Math.round(best.p99Ms < TARGET.commandsP99Ms ? best.perSecond : best.perSecond * 0.8)),
    );
    log(`projection lag at ${httpRate} commands/s over HTTP...`);
    const lagHttp = await projectionLag(db.url, app.baseUrl, warm, {
      rate: httpRate,
      seconds: CFG.lagS,
      connections: 64,
    });
    log(
      `  lag p99 ${fmt(lagHttp.p99Ms)} ms (${Object.entries(lagHttp.perProjection)
        .map(([n, p]) => `${n} ${p.p99Ms}`)
        .join(', ')}) at ${fmt(lagHttp.achievedPerSecond)}/s`,
    );

    memory.enter('dispatcher');
    log(`dispatcher at ${TARGET.dispatcherRate}/s against the Twilio stand-in...`);
    const dispatcherCpu = cpuSnapshot();
    const dispatched = await dispatcherRate(app.app, twilio.standin, {
      rate: TARGET.dispatcherRate,
      seconds: CFG.dispatcherS,
    });
    // Everything the service does per text: the attempt, the API call, the result, both status callbacks, projections.
    const dispatcher = { ...dispatched, cpuMsPerText: cpuPer(dispatcherCpu, cpuSnapshot(), dispatched.allSends) };
    log(
      `  achieved ${dispatcher.achievedRate}/s (${dispatcher.deviationPercent} %), max in any 1 s window ${dispatcher.maxWindowRate}; CPU per text: service ${dispatcher.cpuMsPerText.nodeMs} ms, PostgreSQL ${dispatcher.cpuMsPerText.postgresMs} ms`,
    );
    memory.enter('roster-import');
    const rosterStudents = quick ? 2_000 : 10_000;
    log(
      `roster import: a OneRoster bundle of ${fmt(rosterStudents)} students in 2 classes each, over HTTP as the SIS...`,
    );
    const roster = await rosterImportRate(app, { students: rosterStudents, perStudent: 2 });
    log(
      `  ${fmt(roster.students)} students and ${fmt(roster.enrollments)} enrollments in ${roster.seconds} s: ${fmt(roster.studentsPerMinute)} students a minute (rejected ${roster.rejected})`,
    );
    // The peer (emmett in this process) is not the service: the memory figure ends here.
    memory.enter('shutdown');
    memory.stop();
    const { peerFigure, peerRows } = await peerModule();
    const peer = await peerFigure(app, db.url, plan, slices.warm, best.connections, CFG.commandS, log);
    await admin.end();
    await app.close();
    await twilio.standin.close();
    memory.stop();

    log('content guard (informational; after the memory figure)...');
    const guard = await benchContentGuard();

    const peakRssMb = mb(memory.peak);
    const result = {
      mode: quick ? 'quick' : 'full',
      finishedAt: new Date().toISOString(),
      durationS: Math.round((performance.now() - t0) / 1000),
      machine,
      dataset: {
        students: plan.students,
        events: seeded.events,
        hotStudents: plan.hotStudents,
        eventsPerHotStudent: plan.hotEvents,
        teachers: plan.teachers,
        seedSeconds: round(seeded.ms / 1000, 1),
      },
      classTexting: classText,
      commands: {
        httpFloor: floor,
        nodeFloor,
        perSecond: best.perSecond,
        p50Ms: best.p50Ms,
        p99Ms: best.p99Ms,
        ceilingPerSecond: best.ceilingPerSecond,
        ratio: best.ratio,
        connections: best.connections,
        runs,
        cold: { students: coldRequests.length, ...cold },
      },
      projectionLag: { ...lag, drivenBy: 'CommandBus in process', overHttp: lagHttp },
      rebuild: {
        eventsPerSecond: round(rebuilt.eventsPerSecond, 0),
        ceilingEventsPerSecond: round(ceiling.eventsPerSecond, 0),
        ratio: round(rebuilt.eventsPerSecond / ceiling.eventsPerSecond, 3),
        events: rebuilt.events,
        seconds: round(rebuilt.seconds, 1),
        ceilingSeconds: round(ceiling.seconds, 1),
      },
      auditReplay: audit,
      dispatcher,
      memory: {
        peakRssMb,
        baselineRssMb,
        peakHeapTotalMb: mb(memory.peakHeapTotal),
        peakExternalMb: mb(memory.peakExternal),
        perPhaseMb: Object.fromEntries([...memory.peaks].map(([k, v]) => [k, mb(v)])),
        samples: memory.samples,
        sampledProcess:
          'the bench process (compiled JavaScript, as start:prod runs), which hosts the service; seeding, load generation and the Twilio stand-in run in child processes',
      },
      scale: { ...scale, students: plan.students, events: seeded.events },
      contentGuard: guard,
      rosterImport: roster,
      peer,
    };
    const pct = (x: number) => `${round(x * 100, 1)} %`;
    const rows: Row[] = [
      {
        figure: `1. SendSms over HTTP (${best.connections} conns)`,
        value: `${fmt(best.perSecond)}/s`,
        ceiling: `${fmt(best.ceilingPerSecond)}/s`,
        ratio: String(best.ratio),
        target: `>= ${fmt(TARGET.commandsPerSecond)}/s, ratio >= ${TARGET.commandsRatio}`,
        pass: best.perSecond >= TARGET.commandsPerSecond && best.ratio >= TARGET.commandsRatio,
      },
      {
        figure: '1. SendSms latency p50 / p99',
        value: `${best.p50Ms} / ${best.p99Ms} ms`,
        ceiling: `p99 ${runs.find((r) => r === best)!.ceilingP99Ms} ms`,
        ratio: '',
        target: `p99 < ${TARGET.commandsP99Ms} ms`,
        pass: best.p99Ms < TARGET.commandsP99Ms,
      },
      {
        figure: '1. HTTP floor: same platform, empty route',
        value: `${fmt(floor.perSecond)}/s, ${floor.cpuMsPerRequest} ms CPU each (SendSms ${best.cpuMsPerCommand?.nodeMs ?? '?'} ms)`,
        ceiling: '',
        ratio: String(round(best.perSecond / floor.perSecond, 3)),
        target: '',
        pass: null,
      },
      {
        figure: '1. Node floor: bare Node HTTP server',
        value: `${fmt(nodeFloor.perSecond)}/s, ${nodeFloor.cpuMsPerRequest} ms CPU each`,
        ceiling: '',
        ratio: String(round(best.perSecond / nodeFloor.perSecond, 3)),
        target: '',
        pass: null,
      },
      {
        figure: '1. SendSms cold (full 200-event load)',
        value: `${fmt(cold.perSecond)}/s, p99 ${cold.p99} ms`,
        ceiling: '',
        ratio: '',
        target: '',
        pass: null,
      },
      {
        figure: `2. Projection lag p99 @ ${fmt(TARGET.lagRate)}/s (CommandBus)`,
        value: `${fmt(lag.p99Ms)} ms (p50 ${fmt(lag.p50Ms)} ms; served ${fmt(lag.achievedPerSecond)}/s, ${lag.cpuMsPerCommand.nodeMs} ms CPU each)`,
        ceiling: '',
        ratio: '',
        target: `< ${TARGET.lagP99Ms} ms`,
        pass: lag.p99Ms < TARGET.lagP99Ms && lag.achievedPerSecond >= TARGET.lagRate * 0.98,
      },
      {
        figure: `2. Projection lag p99 @ ${fmt(lagHttp.rate)}/s (HTTP)`,
        value: `${fmt(lagHttp.p99Ms)} ms (p50 ${fmt(lagHttp.p50Ms)} ms; served ${fmt(lagHttp.achievedPerSecond)}/s)`,
        ceiling: '',
        ratio: '',
        target: `< ${TARGET.lagP99Ms} ms`,
        pass: null,
      },
      {
        figure: `3. Rebuild (${fmt(rebuilt.events)} events)`,
        value: `${fmt(result.rebuild.eventsPerSecond)} ev/s`,
        ceiling: `${fmt(result.rebuild.ceilingEventsPerSecond)} ev/s`,
        ratio: String(result.rebuild.ratio),
        target: `>= ${fmt(TARGET.rebuildPerSecond)} ev/s, ratio >= ${TARGET.rebuildRatio}`,
        pass: result.rebuild.eventsPerSecond >= TARGET.rebuildPerSecond && result.rebuild.ratio >= TARGET.rebuildRatio,
      },
      {
        figure: `4. Audit replay p99 (${audit.events} events)`,
        value: `${audit.p99Ms} ms`,
        ceiling: '',
        ratio: '',
        target: `< ${TARGET.auditP99Ms} ms`,
        pass: audit.p99Ms < TARGET.auditP99Ms,
      },
      {
        figure: '5. Dispatcher achieved rate',
        value: `${dispatcher.achievedRate}/s (${dispatcher.deviationPercent} %), ${dispatcher.cpuMsPerText.nodeMs} ms CPU a text`,
        ceiling: `${dispatcher.targetRate}/s`,
        ratio: pct(dispatcher.achievedRate / dispatcher.targetRate),
        target: `within ${TARGET.dispatcherTolerance * 100} %`,
        pass:
          Math.abs(dispatcher.achievedRate - dispatcher.targetRate) <=
          dispatcher.targetRate * TARGET.dispatcherTolerance,
      },
      {
        figure: '5. Dispatcher max in any 1 s',
        value: String(dispatcher.maxWindowRate),
        ceiling: '',
        ratio: '',
        target: `<= ${dispatcher.targetRate}`,
        pass: dispatcher.maxWindowRate <= dispatcher.targetRate,
      },
      {
        figure: '6. Peak RSS (service process)',
        value: `${peakRssMb} MB`,
        ceiling: '',
        ratio: '',
        target: `< ${TARGET.rssMb} MB`,
        pass: peakRssMb < TARGET.rssMb,
      },
      {
        figure: '7. Current enrollments p99',
        value: `${scale.enrollmentsP99Ms} ms`,
        ceiling: '',
        ratio: '',
        target: `< ${TARGET.scaleP99Ms} ms`,
        pass: scale.enrollmentsP99Ms < TARGET.scaleP99Ms,
      },
      {
        figure: '7. Thread read p99',
        value: `${scale.threadP99Ms} ms`,
        ceiling: `durable commit p99 ${scale.durableCommit.p99Ms} ms`,
        ratio: '',
        target: `< ${TARGET.scaleP99Ms} ms`,
        pass: scale.threadP99Ms < TARGET.scaleP99Ms,
      },
      {
        figure: '7. Inbox p99 (teacher, page of 25)',
        value: `${scale.inbox.p99Ms} ms (first look ${scale.inbox.coldP99Ms} ms)`,
        ceiling: '',
        ratio: '',
        target: `< ${TARGET.scaleP99Ms} ms`,
        pass: scale.inbox.p99Ms < TARGET.scaleP99Ms,
      },
      {
        figure: `8. OneRoster import (${fmt(roster.students)} students)`,
        value: `${fmt(roster.studentsPerMinute)} students/min (${roster.seconds} s)`,
        ceiling: '',
        ratio: '',
        target: `>= ${fmt(TARGET.rosterStudentsPerMinute)}/min`,
        pass: roster.studentsPerMinute >= TARGET.rosterStudentsPerMinute && roster.rejected === 0,
      },
      {
        figure: '9. Class texting to 200 students, p99',
        value: `${fmt(classText.p99Ms)} ms (p50 ${fmt(classText.p50Ms)} ms, ${classText.requests} requests)`,
        ceiling: '',
        ratio: '',
        target: `< ${fmt(TARGET.classTextP99Ms)} ms, every student answered`,
        pass: classText.p99Ms < TARGET.classTextP99Ms && classText.allAnswered,
      },
      ...peerRows(peer),
      {
        figure: 'Content guard worst case (10k chars)',
        value: `${guard.worstCaseMs} ms (${guard.textsPerSecond} corpus texts/s)`,
        ceiling: '',
        ratio: '',
        target: '< 25 ms',
        pass: guard.worstCaseMs < 25,
      },
    ];
    const notes = quick
      ? ['QUICK run: a tenth of the dataset and shorter runs; use the full run for the figures the issue asks about.']
      : [];
    console.log(`\n${table(rows)}\n`);
    writeResults(path.join(projectRoot(), 'bench', 'results'), result, rows, notes);
    const readmeUpdated =
      !quick &&
      updateProjectReadme(
        path.join(projectRoot(), 'README.md'),
        path.join(projectRoot(), 'bench', 'results', 'README.md'),
      );
    log(
      `wrote bench/results/latest.json and bench/results/README.md${readmeUpdated ? ' and the table in README.md' : ''} (${result.durationS} s)`,
    );
  } finally {
    memory.stop();
    await db.stop();
  }
}

(only === 'peer'
  ? peerModule().then((m) => m.runPeerOnly(log))
  : only === undefined
    ? main()
    : (SINGLE_FIGURES as readonly string[]).includes(only)
      ? runSingleFigure(only as SingleFigure, quick, log, repeat)
      : Promise.reject(new Error(`--only ${only}: the parts that run alone are "peer", ${SINGLE_FIGURES.join(', ')}`))
)
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
