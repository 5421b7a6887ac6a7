/**
 * `npm run bench -- --only peer`: the peer figure alone, on a small dataset (400 students; the 300 texted have our
 * 200-event histories), about a minute and a half. Also part of every full and quick run (bench/full-run.ts).
 * Options: `--connections N` (default 32), `--seconds N` per measured run (default 5), `--ab-seconds N` per event
 * store variant and round (default 3; 0 skips the event store A/B).
 * Writes bench/results/peer.json and the peer table in the project README (between the bench:peer markers).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { Client } from 'pg';
import { StudentCommandRunner } from '../../src/application/shared/student-command-runner';
import { ProjectionRunner } from '../../src/projections/runner/projection-runner';
import { schoolDayClock } from '../../test/support/test-clock';
import { sendSmsLoad } from '../commands.bench';
import { startBenchApp, type BenchApp } from '../support/app';
import { topStatements } from '../support/postgres';
import { PEER_PLAN, districtId, districtOfStudent, hotSlices, studentId, type DatasetPlan } from '../support/dataset';
import { startBenchDatabase } from '../support/postgres';
import { projectRoot } from '../support/process';
import { machineFacts, table, type Row } from '../support/report';
import { busSends, sendSmsRequests, teacherTokens } from '../support/requests';
import { seedInChild } from '../support/seed';
import { round, summarize } from '../support/stats';
import {
  STORE_VARIANTS,
  emmettOnly,
  oursOnBus,
  startSeededEmmettPeer,
  storeGroupCommitAB,
  type ClosedLoopRun,
} from './peer.bench';

export interface PeerFigure {
  connections: number;
  secondsPerRun: number;
  emmett: ClosedLoopRun;
  oursOnBus: ClosedLoopRun;
  oursOverHttp: { perSecond: number; p50Ms: number; p99Ms: number; ok: number; non2xx: number };
  ratioBus: number;
  ratioHttp: number;
}

/** Ours (CommandBus, then HTTP) and emmett's, same students, same concurrency, one after another. */
export async function peerFigure(
  app: BenchApp,
  dbUrl: string,
  plan: DatasetPlan,
  students: [number, number],
  connections: number,
  seconds: number,
  log: (line: string) => void,
): Promise<PeerFigure> {
  log(
    `peer: seeding emmett's store (database peer_emmett) with the registrations and enrollments of ${students[1] - students[0]} students...`,
  );
  const peer = await startSeededEmmettPeer(dbUrl, plan, students);
  try {
    const sends = busSends(plan, students);
    // Both warmed: a few commands each before measuring (prepared statements, JIT, pools).
    await emmettOnly(peer, sends, connections, 1);
    await oursOnBus(app.app.get(CommandBus), sends, connections, 1);
    const emmett = await emmettOnly(peer, sends, connections, seconds);
    log(
      `  emmett decider: ${emmett.perSecond}/s, p50 ${emmett.p50Ms} ms, p99 ${emmett.p99Ms} ms (failed ${emmett.failed}); CPU per command: Node ${emmett.cpuMsPerCommand.nodeMs} ms, PostgreSQL ${emmett.cpuMsPerCommand.postgresMs} ms`,
    );
    await topStatements(dbUrl);
    const bus = await oursOnBus(app.app.get(CommandBus), sends, connections, seconds);
    for (const line of await topStatements(dbUrl)) log(`    ${line}`);
    log(
      `  ours on the CommandBus: ${bus.perSecond}/s, p50 ${bus.p50Ms} ms, p99 ${bus.p99Ms} ms (failed ${bus.failed}); CPU per command: Node ${bus.cpuMsPerCommand.nodeMs} ms, PostgreSQL ${bus.cpuMsPerCommand.postgresMs} ms`,
    );
    const load = await sendSmsLoad(app.baseUrl, sendSmsRequests(plan, teacherTokens(app, plan), students), {
      connections,
      seconds,
      tag: 'peer',
    });
    const lat = summarize(load.latencies);
    const http = {
      perSecond: round(load.ok / load.durationS, 0),
      p50Ms: lat.p50,
      p99Ms: lat.p99,
      ok: load.ok,
      non2xx: load.non2xx,
    };
    log(`  ours over HTTP: ${http.perSecond}/s, p50 ${http.p50Ms} ms, p99 ${http.p99Ms} ms (non-2xx ${http.non2xx})`);
    for (const run of [emmett, bus]) if (run.firstFailure) log(`  first failure: ${run.firstFailure}`);
    return {
      connections,
      secondsPerRun: seconds,
      emmett,
      oursOnBus: bus,
      oursOverHttp: http,
      ratioBus: round(bus.perSecond / emmett.perSecond, 2),
      ratioHttp: round(http.perSecond / emmett.perSecond, 2),
    };
  } finally {
    await peer.close();
  }
}

export function peerRows(f: PeerFigure): Row[] {
  const e = f.emmett;
  return [
    {
      figure: `Peer: emmett decider, inline projection (${f.connections} conc.)`,
      value: `${e.perSecond}/s, p99 ${e.p99Ms} ms`,
      ceiling: '',
      ratio: '1',
      target: '',
      pass: null,
    },
    {
      figure: 'Peer: ours, SendSms on the CommandBus',
      value: `${f.oursOnBus.perSecond}/s, p99 ${f.oursOnBus.p99Ms} ms`,
      ceiling: `emmett ${e.perSecond}/s`,
      ratio: String(f.ratioBus),
      target: 'ratio >= 1',
      pass: f.ratioBus >= 1,
    },
    {
      figure: 'Peer: ours, SendSms over HTTP',
      value: `${f.oursOverHttp.perSecond}/s, p99 ${f.oursOverHttp.p99Ms} ms`,
      ceiling: `emmett ${e.perSecond}/s`,
      ratio: String(f.ratioHttp),
      target: 'ratio >= 1',
      pass: f.ratioHttp >= 1,
    },
  ];
}

const PEER_START = '<!-- bench:peer:start -->';
const PEER_END = '<!-- bench:peer:end -->';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v >= 0 ? v : fallback;
}

export async function runPeerOnly(log: (line: string) => void): Promise<void> {
  const connections = arg('--connections', 32);
  const seconds = arg('--seconds', 5);
  const abSeconds = arg('--ab-seconds', 3);
  const plan = PEER_PLAN;
  const db = await startBenchDatabase();
  const machine = machineFacts(db.settings);
  log(
    `PEER run: ${machine.cores} cores, Node ${machine.nodeVersion}, PostgreSQL ${db.settings.server_version}; load average ${machine.loadAverageAtStart.join(' ')}`,
  );
  try {
    const seeded = await seedInChild(db.url, 'peer');
    log(`seeded ${seeded.events} events in ${(seeded.ms / 1000).toFixed(1)} s`);
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('VACUUM (ANALYZE) events, streams');
    await admin.end();

    const rows: Row[] = [];
    let ab: Record<string, ClosedLoopRun[]> = {};
    if (abSeconds > 0) {
      log(`event store alone, ${connections} appenders, ${abSeconds} s per variant, 2 rounds interleaved...`);
      ab = await storeGroupCommitAB(db.url, connections, abSeconds, 2);
      const base = ab[STORE_VARIANTS[0]!.label]!;
      const mean = (runs: ClosedLoopRun[], f: (r: ClosedLoopRun) => number) =>
        runs.reduce((a, r) => a + f(r), 0) / runs.length;
      for (const v of STORE_VARIANTS) {
        const runs = ab[v.label]!;
        log(
          `  ${v.label}: ${runs.map((r) => `${r.perSecond}/s p99 ${r.p99Ms} ms (Node ${r.cpuMsPerCommand.nodeMs}, PG ${r.cpuMsPerCommand.postgresMs} ms CPU)`).join('; ')}`,
        );
        rows.push({
          figure: `Appends, ${v.label}`,
          value: `${round(
            mean(runs, (r) => r.perSecond),
            0,
          )}/s, p99 ${round(
            mean(runs, (r) => r.p99Ms),
            1,
          )} ms`,
          ceiling: '',
          ratio: String(round(mean(runs, (r) => r.perSecond) / mean(base, (r) => r.perSecond), 2)),
          target: '',
          pass: null,
        });
      }
    }

    const app = await startBenchApp(db.url, {}, { manualReactions: true, clock: schoolDayClock() });
    try {
      const runner = app.app.get(ProjectionRunner);
      await runner.rebuild();
      await runner.start();
      const students = hotSlices(plan).warm;
      const commands = app.app.get(StudentCommandRunner);
      for (let i = students[0]; i < students[1]; i += 8) {
        await Promise.all(
          Array.from({ length: Math.min(8, students[1] - i) }, (_, k) =>
            commands.read({ districtId: districtId(districtOfStudent(plan, i + k)), studentId: studentId(i + k) }),
          ),
        );
      }
      const figure = await peerFigure(app, db.url, plan, students, connections, seconds, log);
      rows.unshift(...peerRows(figure));
      const result = {
        mode: 'peer',
        finishedAt: new Date().toISOString(),
        machine,
        connections,
        seconds,
        figure,
        eventStoreGroupCommit: ab,
      };
      const resultsDir = path.join(projectRoot(), 'bench', 'results');
      mkdirSync(resultsDir, { recursive: true });
      writeFileSync(path.join(resultsDir, 'peer.json'), `${JSON.stringify(result, null, 2)}\n`);
      const tableText = table(rows);
      console.log(`\n${tableText}\n`);
      const readmePath = path.join(projectRoot(), 'README.md');
      const readme = readFileSync(readmePath, 'utf8');
      const from = readme.indexOf(PEER_START);
      const to = readme.indexOf(PEER_END);
      if (from >= 0 && to > from) {
        const body = [
          `\`npm run bench -- --only peer\` on ${result.finishedAt}: ${machine.cores} cores, load average ${machine.loadAverageAtStart.join(', ')} at the start (other jobs share these cores: compare the ratios, measured minutes apart, more than the rates), ${connections} concurrent commands, ${seconds} s per run. Raw figures: [bench/results/peer.json](bench/results/peer.json).`,
          '',
          tableText,
        ];
        writeFileSync(
          readmePath,
          `${readme.slice(0, from + PEER_START.length)}\n${body.join('\n')}\n${readme.slice(to)}`,
        );
      }
      log('wrote bench/results/peer.json and the peer table in README.md');
    } finally {
      await app.close();
    }
  } finally {
    await db.stop();
  }
}
