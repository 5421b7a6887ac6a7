/**
 * `npm run bench -- --only floor` (`--repeat N`, default 3): the HTTP floor and the Node floor of figure 1 alone, at 32
 * connections, with the full run's code (command-figures.ts floorFigures) and its SendSms requests (the warm slice
 * of the plan, tokens minted for its teachers). Needs no database: the floor's route does nothing. A change to the
 * HTTP platform can so be measured in a minute, several times (after one short run left out, which warms the code
 * up); prints each run and the median as JSON.
 */
import { floorFigures, type FloorRun } from './command-figures';
import { CFG, plan, repeatGiven, repeat, type Log } from './run-config';
import { benchConfig, benchToken } from './support/app';
import { hotSlices } from './support/dataset';
import { machineFacts } from './support/report';
import { sendSmsRequests, teacherTokens } from './support/requests';

const CONNECTIONS = 32;

export async function runFloorOnly(log: Log): Promise<void> {
  const times = repeatGiven ? repeat : 3;
  const config = benchConfig({});
  const machine = machineFacts({});
  log(
    `--only floor: ${times} runs of ${CFG.ceilingS} s at ${CONNECTIONS} connections; ${machine.cores} cores, Node ${machine.nodeVersion}; load average ${machine.loadAverageAtStart.join(' ')}`,
  );
  const tokens = teacherTokens({ token: benchToken(config) }, plan);
  const warm = sendSmsRequests(plan, tokens, hotSlices(plan).warm);
  // Not measured: a first, short run compiles the hot code, as the full run's floors come after the commands did.
  await floorFigures(config, 2, () => undefined, warm, CONNECTIONS);
  const runs: { floor: FloorRun; nodeFloor: FloorRun }[] = [];
  for (let i = 0; i < times; i++) runs.push(await floorFigures(config, CFG.ceilingS, log, warm, CONNECTIONS));
  const median = (pick: (r: { floor: FloorRun; nodeFloor: FloorRun }) => number): number =>
    runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  const summary = {
    floorPerSecond: median((r) => r.floor.perSecond),
    floorCpuMsPerRequest: median((r) => r.floor.cpuMsPerRequest),
    nodeFloorPerSecond: median((r) => r.nodeFloor.perSecond),
    nodeFloorCpuMsPerRequest: median((r) => r.nodeFloor.cpuMsPerRequest),
  };
  log(
    `median of ${times}: HTTP floor ${summary.floorPerSecond} requests/s, ${summary.floorCpuMsPerRequest} ms service CPU per request; Node floor ${summary.nodeFloorPerSecond} requests/s, ${summary.nodeFloorCpuMsPerRequest} ms`,
  );
  console.log(JSON.stringify({ figure: 'floor', connections: CONNECTIONS, runs, median: summary }));
}
