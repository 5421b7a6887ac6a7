/**
 * The full run's figures on writes over HTTP (bench/full-run.ts): figure 9, class texts to a section of 200; figure 1,
 * SendSms cold and then warm at each connection count beside its INSERT ceiling, and the HTTP and Node floors at the
 * headline's connections; figure 8, a OneRoster import.
 */
import { StudentCommandRunner } from '../src/application/shared/student-command-runner';
import { classTextLatency } from './class-texting.bench';
import { commandRun, headline, insertCeiling, sendSmsLoad, type CommandRun } from './commands.bench';
import { rosterImportRate } from './roster-import.bench';
import { startHttpFloor, startNodeFloor } from './support/http-floor';
import { cpuPer, cpuSnapshot } from './support/cpu';
import { districtId, districtOfStudent, hotSlices, studentId } from './support/dataset';
import type { LoadRequest } from './support/load-worker';
import { fmt } from './support/report';
import { sendSmsRequests } from './support/requests';
import { round, summarize } from './support/stats';
import { TARGET, type FullRun, type Log } from './run-config';
import type { AppConfig } from '../src/infrastructure/config/app-config';

/** Figure 9: class texts to a section of 200 students, one request after another. */
export async function classTextFigure({ app, cfg, log }: FullRun) {
  log(`class texting: ${cfg.classTextRequests} class texts to a section of 200 students, one after another...`);
  const classText = await classTextLatency(app, { students: 200, requests: cfg.classTextRequests });
  log(
    `  p50 / p99 ${classText.p50Ms} / ${classText.p99Ms} ms; every student answered in every request: ${classText.allAnswered}`,
  );
  return classText;
}

/** Figure 1: SendSms over HTTP, cold, then warm at each connection count, then the two floors. */
export async function commandFigures(run: FullRun, tokens: string[]) {
  const { app, dbUrl, plan, cfg, log } = run;
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
  for (const c of cfg.connections) {
    const ceil = await insertCeiling(dbUrl, c, cfg.ceilingS);
    const cpuBefore = cpuSnapshot();
    const load = await sendSmsLoad(app.baseUrl, warm, { connections: c, seconds: cfg.commandS, tag: `c${c}` });
    const run = { ...commandRun(c, load, ceil), cpuMsPerCommand: cpuPer(cpuBefore, cpuSnapshot(), load.ok) };
    runs.push(run);
    log(
      `  ${String(c).padStart(2)} connections: ${fmt(run.perSecond)} commands/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, CPU per command: service ${run.cpuMsPerCommand!.nodeMs} ms, PostgreSQL ${run.cpuMsPerCommand!.postgresMs} ms | ceiling ${fmt(run.ceilingPerSecond)}/s (p99 ${run.ceilingP99Ms} ms) | ratio ${run.ratio}${run.non2xx ? ` | non-2xx ${JSON.stringify(run.statuses)}` : ''}`,
    );
  }
  const best = headline(runs, TARGET.commandsP99Ms);
  const { floor, nodeFloor } = await floorFigures(app.config, cfg.ceilingS, log, warm, best.connections);
  return { slices, coldStudents: coldRequests.length, cold, warm, runs, best, floor, nodeFloor };
}

/**
 * The same load against a server that does (next to) nothing: what serving a request costs before any work. Also
 * `npm run bench -- --only floor` (bench/floor-figure.ts), with no database.
 */
export async function floorFigures(
  config: AppConfig,
  seconds: number,
  log: Log,
  warm: LoadRequest[],
  connections: number,
): Promise<{ floor: FloorRun; nodeFloor: FloorRun }> {
  const floorRun = async (server: { baseUrl: string; close(): Promise<void> }, tag: string): Promise<FloorRun> => {
    const before = cpuSnapshot();
    const load = await sendSmsLoad(server.baseUrl, warm, { connections, seconds, tag });
    const cpuMsPerRequest = cpuPer(before, cpuSnapshot(), load.ok).nodeMs;
    await server.close();
    return {
      connections,
      perSecond: round(load.ok / load.durationS, 0),
      p99Ms: summarize(load.latencies).p99,
      non2xx: load.non2xx,
      cpuMsPerRequest,
    };
  };
  log(`HTTP floor: the same HTTP platform in front of an empty route, ${connections} connections...`);
  const floorApp = await startHttpFloor(config);
  const floor = await floorRun({ baseUrl: floorApp.baseUrl, close: () => floorApp.app.close() }, 'floor');
  log(
    `  floor ${fmt(floor.perSecond)} requests/s, p99 ${floor.p99Ms} ms, ${floor.cpuMsPerRequest} ms service CPU per request (non-2xx ${floor.non2xx})`,
  );
  log(`Node floor: Node's own HTTP server (no framework) answering the same requests, ${connections} connections...`);
  const nodeFloor = await floorRun(await startNodeFloor(), 'node-floor');
  log(
    `  Node floor ${fmt(nodeFloor.perSecond)} requests/s, p99 ${nodeFloor.p99Ms} ms, ${nodeFloor.cpuMsPerRequest} ms CPU per request (the load generator shares the cores)`,
  );
  return { floor, nodeFloor };
}

export interface FloorRun {
  connections: number;
  perSecond: number;
  p99Ms: number;
  non2xx: number;
  cpuMsPerRequest: number;
}

/** Figure 8: a OneRoster bundle imported over HTTP as the SIS would. */
export async function rosterFigure({ app, cfg, log }: FullRun) {
  log(
    `roster import: a OneRoster bundle of ${fmt(cfg.rosterStudents)} students in 2 classes each, over HTTP as the SIS...`,
  );
  const roster = await rosterImportRate(app, { students: cfg.rosterStudents, perStudent: 2 });
  log(
    `  ${fmt(roster.students)} students and ${fmt(roster.enrollments)} enrollments in ${roster.seconds} s: ${fmt(roster.studentsPerMinute)} students a minute (rejected ${roster.rejected})`,
  );
  return roster;
}
