/**
 * `npm run bench -- --only lag` (issue 19): figure 2 alone (SendSms at 1,000/s on the CommandBus, projection lag
 * from each append's commit) with what the machine and PostgreSQL did in each second beside the worst lag of that
 * second, to find the cause of the stalls the full runs show:
 * - transactions that held an xid a long time and count in the readers' horizon (READ_HORIZON: not the read
 *   models'), sampled from pg_stat_activity every 10 ms, with their backend type and query;
 * - an fsync probe: a child process writing 8 kB and fdatasync-ing it every 20 ms on the same file system as the
 *   database (the worst in each second);
 * - the kernel's dirty and writeback memory and the disk's writes (/proc/meminfo, /proc/diskstats);
 * - the service's event-loop delay (perf_hooks) and garbage-collection pauses;
 * - how long each event stayed invisible to the log's readers, under the horizon before issue 19 (the snapshot's
 *   xmin: every writing transaction on the server counts) and under today's (READ_HORIZON: transactions that can
 *   never append do not), sampled together every 5 ms on one connection: the same run, the same events.
 */
import { CommandBus } from '@nestjs/cqrs';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Client } from 'pg';
import { NON_APPENDING_APPLICATIONS } from '../src/infrastructure/database/application-names';
import { READ_HORIZON } from '../src/infrastructure/event-store/postgres/postgres-event-store.sql';
import { projectionLagViaBus, type LagFigure } from './projection-lag.bench';
import type { BenchApp } from './support/app';
import { hotSlices, type DatasetPlan } from './support/dataset';
import { tableUpdates, topStatements } from './support/postgres';
import { startProfile } from './support/profile';
import { busSends, sendOnBus } from './support/requests';
import { loadAverage } from './support/report';
import { round, sleep, summarize } from './support/stats';

const SAMPLE_MS = 10;

interface Second {
  xidMaxMs: number;
  xidWho: string;
  fsyncMaxMs: number;
  dirtyKb: number;
  writebackKb: number;
  diskWriteMb: number;
  loopMaxMs: number;
  gcMaxMs: number;
}

export async function lagDiagnosis(
  app: BenchApp,
  databaseUrl: string,
  plan: DatasetPlan,
  opts: { seconds: number; repeat: number; log: (line: string) => void },
): Promise<void> {
  const { log } = opts;
  const bus = app.app.get(CommandBus);
  const sends = busSends(plan, hotSlices(plan).warm);
  // Every student of the slice loaded once first, as figure 1 leaves them in the full run.
  await sendOnBus(bus, sends, sends.length, 'warm');
  log(`  ${sends.length} students warmed`);
  const runs: unknown[] = [];
  for (let r = 1; r <= opts.repeat; r++) {
    const load = loadAverage();
    const watch = await watchMachine(databaseUrl);
    await topStatements(databaseUrl);
    await tableUpdates(databaseUrl);
    const profile = process.env.BENCH_CPU_PROFILE ? await startProfile() : undefined;
    const lag: LagFigure = await projectionLagViaBus(databaseUrl, bus, sends, { rate: 1000, seconds: opts.seconds });
    if (profile) await profile(path.join(process.env.BENCH_CPU_PROFILE!, `lag-${r}.cpuprofile`));
    const seconds = await watch.stop(lag);
    const visible = await watch.visibility();
    log(
      `  [${r}/${opts.repeat}] invisible to readers after commit: xmin horizon p50 / p99 / max ${visible.xmin.p50} / ${visible.xmin.p99} / ${visible.xmin.max} ms; today's horizon ${visible.horizon.p50} / ${visible.horizon.p99} / ${visible.horizon.max} ms`,
    );
    log(
      `  [${r}/${opts.repeat}] load ${load}: lag p50 ${lag.p50Ms} ms, p99 ${lag.p99Ms} ms at ${lag.achievedPerSecond}/s`,
    );
    log('    s  worstLag  longestXid(who)                      fsync  dirtyKB  wbKB  diskMB  loop  gc');
    lag.maxBySecondMs.forEach((worst, i) => {
      const s = seconds[i];
      if (!s) return;
      log(
        `    ${String(i).padStart(2)} ${String(worst).padStart(8)}  ${String(s.xidMaxMs).padStart(6)} ${s.xidWho.padEnd(32).slice(0, 32)} ${String(s.fsyncMaxMs).padStart(6)} ${String(s.dirtyKb).padStart(8)} ${String(s.writebackKb).padStart(5)} ${String(s.diskWriteMb).padStart(7)} ${String(s.loopMaxMs).padStart(5)} ${String(s.gcMaxMs).padStart(4)}`,
      );
    });
    for (const line of await topStatements(databaseUrl)) log(`    ${line}`);
    for (const line of await tableUpdates(databaseUrl)) log(`    ${line}`);
    runs.push({ load, lag, seconds, visible });
    await sleep(2_000);
  }
  console.log(JSON.stringify({ figure: 'lag', runs }));
}

/** Samples everything above until stop(); buckets it by the lag figure's seconds (from its first event's commit). */
async function watchMachine(databaseUrl: string): Promise<{
  stop(lag: LagFigure): Promise<Second[]>;
  visibility(): Promise<Record<'xmin' | 'horizon', { p50: number; p99: number; max: number }>>;
}> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const seer = new Client({ connectionString: databaseUrl });
  await seer.connect();
  const from = (await seer.query<{ p: string }>('SELECT coalesce(max(position), -1)::text AS p FROM events')).rows[0]!
    .p;
  const samples: { at: number; kind: keyof Second; value: number; who?: string }[] = [];
  const now = () => performance.timeOrigin + performance.now();
  const xids = new Map<string, { first: number; last: number; who: string }>();
  let running = true;
  const seen: { at: number; xmin: bigint; horizon: bigint }[] = [];
  const looking = (async () => {
    while (running) {
      const { rows } = await seer.query<{ xmin: string | null; horizon: string | null }>(
        `SELECT (SELECT max(position) FROM events WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot()))::text AS xmin,
                (SELECT max(position) FROM events WHERE tx_id < ${READ_HORIZON})::text AS horizon`,
      );
      seen.push({ at: now(), xmin: BigInt(rows[0]!.xmin ?? -1), horizon: BigInt(rows[0]!.horizon ?? -1) });
      await sleep(5);
    }
  })();
  const pg = (async () => {
    while (running) {
      const { rows } = await db.query<{ xid: string; who: string }>(
        `SELECT backend_xid::text AS xid, backend_type || ':' || left(regexp_replace(query, '\\s+', ' ', 'g'), 60) AS who
           FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
             AND datname = current_database() AND application_name <> ALL ($1::text[])`,
        [[...NON_APPENDING_APPLICATIONS]],
      );
      const at = now();
      for (const r of rows) {
        const x = xids.get(r.xid);
        if (x) x.last = at;
        else xids.set(r.xid, { first: at, last: at, who: r.who });
      }
      await sleep(SAMPLE_MS);
    }
  })();
  const probeFile = path.join(os.tmpdir(), `lag-fsync-probe-${process.pid}`);
  const probe = spawn(
    process.execPath,
    [
      '-e',
      `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(probeFile)},'w');const b=Buffer.alloc(8192,1);` +
        `fs.writeSync(fd,Buffer.alloc(16<<20));fs.fsyncSync(fd);let i=0;` +
        `setInterval(()=>{const t=performance.timeOrigin+performance.now();fs.writeSync(fd,b,0,b.length,(i++%2048)*8192);fs.fdatasyncSync(fd);` +
        `process.stdout.write(t+' '+(performance.timeOrigin+performance.now()-t)+'\\n')},20);` +
        `process.on('SIGTERM',()=>{fs.closeSync(fd);fs.unlinkSync(${JSON.stringify(probeFile)});process.exit(0)})`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  probe.stdout.setEncoding('utf8');
  let rest = '';
  probe.stdout.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      const [at, ms] = line.split(' ').map(Number);
      samples.push({ at: at!, kind: 'fsyncMaxMs', value: ms! });
    }
  });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      samples.push({ at: performance.timeOrigin + e.startTime, kind: 'gcMaxMs', value: e.duration });
  });
  gc.observe({ entryTypes: ['gc'] });
  let lastSectors = diskSectorsWritten();
  const kernel = setInterval(() => {
    const at = now();
    const mem = readFileSync('/proc/meminfo', 'utf8');
    samples.push({ at, kind: 'dirtyKb', value: meminfo(mem, 'Dirty') });
    samples.push({ at, kind: 'writebackKb', value: meminfo(mem, 'Writeback') });
    const sectors = diskSectorsWritten();
    samples.push({ at, kind: 'diskWriteMb', value: ((sectors - lastSectors) * 512) / 1e6 });
    lastSectors = sectors;
    samples.push({ at, kind: 'loopMaxMs', value: loop.max / 1e6 });
    loop.reset();
  }, 100);
  return {
    async visibility() {
      await looking;
      const { rows } = await seer.query<{ p: string; at: number }>(
        `SELECT position::text AS p, extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000 AS at
           FROM events WHERE position > $1::bigint ORDER BY position`,
        [from],
      );
      await seer.end();
      const delays = (key: 'xmin' | 'horizon') => {
        const out: number[] = [];
        let i = 0;
        for (const r of rows) {
          const p = BigInt(r.p);
          while (i < seen.length && seen[i]![key] < p) i++;
          if (i < seen.length) out.push(Math.max(0, seen[i]!.at - Number(r.at)));
        }
        const s = summarize(out);
        return { p50: round(s.p50, 1), p99: round(s.p99, 1), max: round(s.max, 1) };
      };
      return { xmin: delays('xmin'), horizon: delays('horizon') };
    },
    async stop(lag) {
      running = false;
      clearInterval(kernel);
      loop.disable();
      gc.disconnect();
      probe.kill('SIGTERM');
      await pg;
      const { rows } = await db.query<{ at: number }>(
        `SELECT extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000 AS at FROM events ORDER BY position DESC LIMIT 1 OFFSET $1`,
        [Math.max(0, lag.events - 1)],
      );
      await db.end();
      const firstAt = Number(rows[0]?.at ?? 0);
      const out: Second[] = lag.maxBySecondMs.map(() => ({
        xidMaxMs: 0,
        xidWho: '',
        fsyncMaxMs: 0,
        dirtyKb: 0,
        writebackKb: 0,
        diskWriteMb: 0,
        loopMaxMs: 0,
        gcMaxMs: 0,
      }));
      const bucket = (at: number) => out[Math.floor((at - firstAt) / 1000)];
      for (const s of samples) {
        const b = bucket(s.at);
        if (!b) continue;
        if (s.kind === 'diskWriteMb') b.diskWriteMb = round(b.diskWriteMb + s.value, 1);
        else (b[s.kind] as number) = round(Math.max(b[s.kind] as number, s.value), 1);
      }
      for (const x of xids.values()) {
        const b = bucket(x.first);
        const held = round(x.last - x.first, 0);
        if (b && held > b.xidMaxMs) {
          b.xidMaxMs = held;
          b.xidWho = x.who;
        }
      }
      return out;
    },
  };
}

function meminfo(text: string, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

function diskSectorsWritten(): number {
  // /proc/diskstats: major minor name reads ... ; the 10th field (index 9) is sectors written.
  const line = readFileSync('/proc/diskstats', 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f[2] === 'vda' || f[2] === 'sda' || f[2] === 'nvme0n1');
  return line ? Number(line[9]) : 0;
}
