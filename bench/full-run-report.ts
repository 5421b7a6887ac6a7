/**
 * The full run's report (bench/full-run.ts): the result object (bench/results/latest.json, the keys runs are compared
 * by), the table's rows with their targets, printed and written to bench/results/README.md and, after a full (not
 * quick) run, to the table in the project README.
 */
import path from 'node:path';
import type { classTextFigure, commandFigures, rosterFigure } from './command-figures';
import type { benchContentGuard } from './content-guard';
import type { PeerFigure } from './peers/run-peer';
import type { dispatcherFigure, lagFigures } from './reaction-figures';
import type { auditFigure, rebuildCeilingFigure, rebuildFigure, scaleFigure } from './read-model-figures';
import { TARGET, type Log } from './run-config';
import type { DatasetPlan } from './support/dataset';
import { mb, type MemorySampler } from './support/memory';
import { projectRoot } from './support/process';
import { fmt, table, updateProjectReadme, writeResults, type machineFacts, type Row } from './support/report';
import { round } from './support/stats';

type Figure<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

/** Everything the full run measured, in the shape its phases returned it. */
export interface FullRunFigures {
  machine: ReturnType<typeof machineFacts>;
  seeded: { events: number; ms: number };
  ceiling: Figure<typeof rebuildCeilingFigure>;
  rebuilt: Figure<typeof rebuildFigure>;
  scale: Figure<typeof scaleFigure>;
  audit: Figure<typeof auditFigure>;
  classText: Figure<typeof classTextFigure>;
  commands: Figure<typeof commandFigures>;
  lag: Figure<typeof lagFigures>['lag'];
  lagHttp: Figure<typeof lagFigures>['lagHttp'];
  dispatcher: Figure<typeof dispatcherFigure>;
  roster: Figure<typeof rosterFigure>;
  peer: PeerFigure;
  /** The peer's rows (bench/peers/run-peer.ts, loaded only after the memory figure). */
  peerRows: () => Row[];
  guard: Figure<typeof benchContentGuard>;
  memory: MemorySampler;
  baselineRssMb: number;
}

interface RunFacts {
  quick: boolean;
  plan: DatasetPlan;
  /** performance.now() when the run began. */
  startedAt: number;
  log: Log;
}

/** Prints the table, writes bench/results/ and, after a full run, the project README's table. */
export function reportFullRun(f: FullRunFigures, run: RunFacts): void {
  const { quick, log } = run;
  const result = fullRunResult(f, run);
  const rows = fullRunRows(f, result);
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
}

function fullRunResult(f: FullRunFigures, { quick, plan, startedAt }: RunFacts) {
  const { seeded, ceiling, rebuilt, commands, memory } = f;
  const { best } = commands;
  return {
    mode: quick ? 'quick' : 'full',
    finishedAt: new Date().toISOString(),
    durationS: Math.round((performance.now() - startedAt) / 1000),
    machine: f.machine,
    dataset: {
      students: plan.students,
      events: seeded.events,
      hotStudents: plan.hotStudents,
      eventsPerHotStudent: plan.hotEvents,
      teachers: plan.teachers,
      seedSeconds: round(seeded.ms / 1000, 1),
    },
    classTexting: f.classText,
    commands: {
      httpFloor: commands.floor,
      nodeFloor: commands.nodeFloor,
      perSecond: best.perSecond,
      p50Ms: best.p50Ms,
      p99Ms: best.p99Ms,
      ceilingPerSecond: best.ceilingPerSecond,
      ratio: best.ratio,
      connections: best.connections,
      runs: commands.runs,
      cold: { students: commands.coldStudents, ...commands.cold },
    },
    projectionLag: { ...f.lag, drivenBy: 'CommandBus in process', overHttp: f.lagHttp },
    rebuild: {
      eventsPerSecond: round(rebuilt.eventsPerSecond, 0),
      ceilingEventsPerSecond: round(ceiling.eventsPerSecond, 0),
      ratio: round(rebuilt.eventsPerSecond / ceiling.eventsPerSecond, 3),
      events: rebuilt.events,
      seconds: round(rebuilt.seconds, 1),
      ceilingSeconds: round(ceiling.seconds, 1),
    },
    auditReplay: f.audit,
    dispatcher: f.dispatcher,
    memory: {
      peakRssMb: mb(memory.peak),
      baselineRssMb: f.baselineRssMb,
      peakHeapTotalMb: mb(memory.peakHeapTotal),
      peakExternalMb: mb(memory.peakExternal),
      perPhaseMb: Object.fromEntries([...memory.peaks].map(([k, v]) => [k, mb(v)])),
      samples: memory.samples,
      sampledProcess:
        'the bench process (compiled JavaScript, as start:prod runs), which hosts the service; seeding, load generation and the Twilio stand-in run in child processes',
    },
    scale: { ...f.scale, students: plan.students, events: seeded.events },
    contentGuard: f.guard,
    rosterImport: f.roster,
    peer: f.peer,
  };
}

function fullRunRows(f: FullRunFigures, result: ReturnType<typeof fullRunResult>): Row[] {
  const { best, runs, floor, nodeFloor, cold } = f.commands;
  const { lag, lagHttp, rebuilt, audit, dispatcher, scale, roster, classText, guard } = f;
  const peakRssMb = result.memory.peakRssMb;
  const pct = (x: number) => `${round(x * 100, 1)} %`;
  return [
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
        Math.abs(dispatcher.achievedRate - dispatcher.targetRate) <= dispatcher.targetRate * TARGET.dispatcherTolerance,
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
    ...f.peerRows(),
    {
      figure: 'Content guard worst case (10k chars)',
      value: `${guard.worstCaseMs} ms (${guard.textsPerSecond} corpus texts/s)`,
      ceiling: '',
      ratio: '',
      target: '< 25 ms',
      pass: guard.worstCaseMs < 25,
    },
  ];
}
