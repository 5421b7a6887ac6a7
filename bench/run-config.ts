/**
 * What `npm run bench` (bench/run.ts) runs: the command line (`--quick`, `--only`, `--repeat`), the full run's sizes
 * (CFG), the targets of issue #7 and its follow-ups (TARGET), and what every phase of the full run is handed.
 */
import type { BenchApp } from './support/app';
import { FULL_PLAN, QUICK_PLAN, type DatasetPlan } from './support/dataset';

export const quick = process.argv.includes('--quick');
/** `--only peer`: the peer figure alone (bench/peers/run-peer.ts). */
/** `--only` with no name after it is '' (refused by bench/run.ts), never the full run. */
export const only = process.argv.includes('--only')
  ? (process.argv[process.argv.indexOf('--only') + 1] ?? '')
  : undefined;
export const plan = quick ? QUICK_PLAN : FULL_PLAN;
/** `--repeat N`: how many times `--only class-texting` / `--only inbox` / `--only floor` measure their figure. */
export const repeatGiven = process.argv.includes('--repeat');
export const repeat = process.argv.includes('--repeat')
  ? Number(process.argv[process.argv.indexOf('--repeat') + 1])
  : 1;
if (!Number.isInteger(repeat) || repeat < 1 || repeat > 10) throw new Error('--repeat takes a whole number, 1 to 10');

export const CFG = quick
  ? {
      classTextRequests: 5,
      connections: [16, 64],
      ceilingS: 3,
      commandS: 5,
      lagS: 5,
      scaleRequests: 300,
      auditCalls: 20,
      dispatcherS: 6,
      rosterStudents: 2_000,
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
      rosterStudents: 10_000,
    };

export const TARGET = {
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

export type Log = (line: string) => void;

/** What each phase of the full run measures with: the service, its database, the dataset and the run's sizes. */
export interface FullRun {
  app: BenchApp;
  dbUrl: string;
  plan: DatasetPlan;
  cfg: typeof CFG;
  log: Log;
}
