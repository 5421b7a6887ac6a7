/**
 * CPU time spent by this process (the service) and by every PostgreSQL process, between two snapshots. On a shared,
 * noisy machine throughput moves with the neighbours; CPU milliseconds per command barely do, so the figures report
 * both and bench/NOTES.md compares changes by the latter.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuSnapshot {
  node: number;
  postgres: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** The bench's own PostgreSQL server (its postmaster's pid), once known: only it and its children are counted. */
let server: number | undefined;

/**
 * Counts the CPU of `postmaster` and its processes only, not of every PostgreSQL on the machine (other benches and
 * test runs may share it). Its pid is the first line of postmaster.pid in `dataDir`; unreadable, all are counted.
 */
export function countPostgresOf(dataDir: string): void {
  try {
    server = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
  } catch {
    server = undefined;
  }
}

function postgresCpuMs(): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[1] is the parent's pid.
      if (server !== undefined && Number(pid) !== server && Number(fields[1]) !== server) continue;
      // utime, stime, cutime, cstime (fields 14-17 of the full line): children cover backends that already exited.
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * TICK_MS;
    } catch {
      // the process ended between listing and reading
    }
  }
  return total;
}

export function cpuSnapshot(): CpuSnapshot {
  const { user, system } = process.cpuUsage();
  return { node: (user + system) / 1000, postgres: postgresCpuMs() };
}

/** CPU ms per unit of work between two snapshots. */
export function cpuPer(before: CpuSnapshot, after: CpuSnapshot, units: number): { nodeMs: number; postgresMs: number } {
  const r = (x: number) => Math.round((x / Math.max(1, units)) * 1000) / 1000;
  return { nodeMs: r(after.node - before.node), postgresMs: r(after.postgres - before.postgres) };
}
