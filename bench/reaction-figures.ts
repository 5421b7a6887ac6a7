/**
 * The full run's figures on what happens after the append (bench/full-run.ts): figure 2, projection lag at 1,000
 * commands/s on the CommandBus and over HTTP at the rate figure 1 sustained; figure 5, the dispatcher's rate against
 * the Twilio stand-in.
 */
import { CommandBus } from '@nestjs/cqrs';
import type { CommandRun } from './commands.bench';
import { dispatcherRate, type RemoteStandin } from './dispatcher.bench';
import { projectionLag, projectionLagViaBus } from './projection-lag.bench';
import { cpuPer, cpuSnapshot } from './support/cpu';
import { observeGc } from './support/gc';
import type { LoadRequest } from './support/load-worker';
import { fmt } from './support/report';
import { busSends } from './support/requests';
import { TARGET, type FullRun } from './run-config';

/** Figure 2: projection lag, on the CommandBus at the target rate and over HTTP at what figure 1 showed it serves. */
export async function lagFigures(
  { app, dbUrl, plan, cfg, log }: FullRun,
  commands: { slices: { warm: [number, number] }; warm: LoadRequest[]; best: CommandRun },
) {
  const { slices, warm, best } = commands;
  // 1,000 commands/s is more than the HTTP front serves on this machine (figure 1), so the figure drives the
  // service's CommandBus in process at that rate (same handler, runner, decision, append; no HTTP, JWT or
  // validation). Beside it, over HTTP at the highest rate figure 1 showed the service sustains with p99 under target
  // (or 80 % of its best, if none was).
  log(`projection lag at ${TARGET.lagRate} commands/s (SendSms on the CommandBus, in process)...`);
  const lagCpu = cpuSnapshot();
  const lagGc = observeGc();
  const lagRun = await projectionLagViaBus(dbUrl, app.app.get(CommandBus), busSends(plan, slices.warm), {
    rate: TARGET.lagRate,
    seconds: cfg.lagS,
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
  const lagHttp = await projectionLag(dbUrl, app.baseUrl, warm, {
    rate: httpRate,
    seconds: cfg.lagS,
    connections: 64,
  });
  log(
    `  lag p99 ${fmt(lagHttp.p99Ms)} ms (${Object.entries(lagHttp.perProjection)
      .map(([n, p]) => `${n} ${p.p99Ms}`)
      .join(', ')}) at ${fmt(lagHttp.achievedPerSecond)}/s`,
  );
  return { lag, lagHttp };
}

/** Figure 5: the dispatcher sending the backlog figures 1 and 2 queued, counted on the stand-in's side. */
export async function dispatcherFigure({ app, cfg, log }: FullRun, standin: RemoteStandin) {
  log(`dispatcher at ${TARGET.dispatcherRate}/s against the Twilio stand-in...`);
  const dispatcherCpu = cpuSnapshot();
  const dispatched = await dispatcherRate(app.app, standin, {
    rate: TARGET.dispatcherRate,
    seconds: cfg.dispatcherS,
  });
  // Everything the service does per text: the attempt, the API call, the result, both status callbacks, projections.
  const dispatcher = { ...dispatched, cpuMsPerText: cpuPer(dispatcherCpu, cpuSnapshot(), dispatched.allSends) };
  log(
    `  achieved ${dispatcher.achievedRate}/s (${dispatcher.deviationPercent} %), max in any 1 s window ${dispatcher.maxWindowRate}; CPU per text: service ${dispatcher.cpuMsPerText.nodeMs} ms, PostgreSQL ${dispatcher.cpuMsPerText.postgresMs} ms`,
  );
  return dispatcher;
}
