/**
 * A throw-away embedded PostgreSQL (the project's own, same settings as dev and tests) in a temp dir, and the vacuum
 * the full run does between its phases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/infrastructure/database/embedded-postgres';
import { countPostgresOf } from './cpu';

export interface BenchDatabase {
  url: string;
  /** postgres settings that matter for the figures, for the report. */
  settings: Record<string, string>;
  stop(): Promise<void>;
}

export async function startBenchDatabase(): Promise<BenchDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'texting-bench-pg-'));
  // track_commit_timestamp: figure 2 measures projection lag from the moment each append committed (measurement only).
  const pg = await startEmbeddedPostgres({
    dir: path.join(dir, 'data'),
    persistent: false,
    // BENCH_PG_STATEMENTS=1: pg_stat_statements loaded (diagnosis: which statements cost PostgreSQL's CPU).
    settings: {
      track_commit_timestamp: 'on',
      ...(process.env.BENCH_PG_STATEMENTS === '1' ? { shared_preload_libraries: 'pg_stat_statements' } : {}),
    },
  });
  countPostgresOf(path.join(dir, 'data'));
  const admin = new Client({ connectionString: pg.url });
  await admin.connect();
  let settings: Record<string, string> = {};
  try {
    await admin.query('CREATE DATABASE bench');
    if (process.env.BENCH_PG_STATEMENTS === '1') {
      const bench = new Client({ connectionString: pg.url.replace(/\/postgres$/, '/bench') });
      await bench.connect();
      await bench.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').finally(() => bench.end());
    }
    const { rows } = await admin.query<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings WHERE name IN ('server_version', 'shared_buffers', 'synchronous_commit', 'fsync', 'max_wal_size', 'wal_level', 'max_connections', 'track_commit_timestamp', 'unix_socket_directories')`,
    );
    settings = Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting} ${r.unit}` : r.setting]));
  } finally {
    await admin.end();
  }
  const url = new URL(pg.url);
  url.pathname = '/bench';
  // Everything (service, seeding, ceilings) reaches the server over its Unix socket, as a service next to its
  // database would: on these VMs loopback TCP costs about 30 % more client CPU per query (bench/NOTES.md).
  // BENCH_PG_TCP=1 measures over TCP instead.
  const socketDir = settings.unix_socket_directories?.split(',')[0]?.trim();
  const overSocket = socketDir !== undefined && socketDir !== '' && process.env.BENCH_PG_TCP !== '1';
  if (overSocket) url.searchParams.set('host', socketDir);
  settings.connection = overSocket ? `Unix socket (${socketDir})` : 'TCP (127.0.0.1)';
  delete settings.unix_socket_directories;
  return {
    url: url.toString(),
    settings,
    async stop() {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** VACUUM (ANALYZE) of the named tables (all when none), then a CHECKPOINT, in seconds. */
export async function vacuum(url: string, tables = ''): Promise<string> {
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

/** With BENCH_PG_STATEMENTS=1: the statements that took most of PostgreSQL's time since the last reset, then reset. */
export async function topStatements(url: string, limit = 15): Promise<string[]> {
  if (process.env.BENCH_PG_STATEMENTS !== '1') return [];
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ ms: number; calls: string; per: number; query: string }>(
      `SELECT round(total_exec_time::numeric, 0)::float AS ms, calls::text, round((total_exec_time / calls)::numeric, 3)::float AS per,
              left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
         FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT $1`,
      [limit],
    );
    await db.query('SELECT pg_stat_statements_reset()');
    return rows.map(
      (r) => `${String(r.ms).padStart(7)} ms ${r.calls.padStart(7)} calls ${String(r.per).padStart(7)} ms  ${r.query}`,
    );
  } finally {
    await db.end();
  }
}

/**
 * Under BENCH_PG_STATEMENTS=1 (diagnosis): the read-model tables' row updates since the statistics were last read,
 * and how many were HOT (the new row version on the same page, no index touched); their counters are reset after.
 */
export async function tableUpdates(url: string): Promise<string[]> {
  if (process.env.BENCH_PG_STATEMENTS !== '1') return [];
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ relname: string; ins: string; upd: string; hot: string; idx: string }>(
      `SELECT relname, n_tup_ins::text AS ins, n_tup_upd::text AS upd, n_tup_hot_upd::text AS hot,
              (SELECT count(*) FROM pg_index i WHERE i.indrelid = t.relid)::text AS idx
         FROM pg_stat_user_tables t WHERE schemaname = 'public' AND n_tup_ins + n_tup_upd > 0 ORDER BY n_tup_upd DESC`,
    );
    await db.query('SELECT pg_stat_reset()');
    return rows.map(
      (r) =>
        `${r.relname.padEnd(28)} ${r.ins.padStart(8)} inserted ${r.upd.padStart(8)} updated, ${r.hot.padStart(8)} HOT (${r.idx} indexes)`,
    );
  } finally {
    await db.end();
  }
}
