/**
 * The benchmark suite: `npm run bench` (full: 100,000 students, 1,000,000 events; about 5 minutes on 2 cores) or
 * `npm run bench -- --quick` (10,000 students, 120,000 events, shorter runs; about 2 minutes; figures are then
 * indicative only). Starts a throw-away embedded PostgreSQL, seeds it (child process), hosts the service in this
 * process, measures every figure beside its ceiling, prints a table and writes bench/results/latest.json and
 * bench/results/README.md (bench/full-run.ts). `npm run bench -- --only peer` runs the emmett peer figure alone (bench/peers/); `--only rebuild`, `--only audit` and `--only roster` run figure 3, 4 or 8 alone (bench/single-figure.ts); `--only class-texting` and `--only inbox` issue 16's figures (bench/workflow-figures.ts, `--repeat N`); `--only floor` the HTTP and Node floors of figure 1, no database (bench/floor-figure.ts, `--repeat N`, default 3). The options are read in bench/run-config.ts. See bench/NOTES.md for how each figure is measured and what each optimization bought.
 */
import { runFloorOnly } from './floor-figure';
import { peerModule, runFullSuite } from './full-run';
import { only, quick, repeat } from './run-config';
import { runSingleFigure, SINGLE_FIGURES, type SingleFigure } from './single-figure';

const t0 = performance.now();
const log = (line: string): void =>
  console.log(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${line}`);

(only === 'peer'
  ? peerModule().then((m) => m.runPeerOnly(log))
  : only === 'floor'
    ? runFloorOnly(log)
    : only === undefined
      ? runFullSuite(t0, log)
      : (SINGLE_FIGURES as readonly string[]).includes(only)
        ? runSingleFigure(only as SingleFigure, quick, log, repeat)
        : Promise.reject(
            new Error(`--only ${only}: the parts that run alone are "peer", "floor", ${SINGLE_FIGURES.join(', ')}`),
          )
)
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
