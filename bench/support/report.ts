/** The terminal table, bench/results/latest.json and bench/results/README.md (the table with the machine). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import path from 'node:path';

export interface Row {
  figure: string;
  value: string;
  ceiling: string;
  ratio: string;
  target: string;
  pass: boolean | null;
}

/** A number as the report prints it: thousands separated, `digits` decimals. */
export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function machineFacts(postgres: Record<string, string>) {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    nodeVersion: process.version,
    /** V8's heap limit in this run (512 MB of old space, as `npm start` and `start:prod` run; see bench/NOTES.md on memory). */
    heapLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / 1024 / 1024),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    postgres,
  };
}

export function table(rows: Row[]): string {
  const head = ['Figure', 'Value', 'Ceiling', 'Ratio', 'Target', 'Pass'];
  const cells = rows.map((r) => [
    r.figure,
    r.value,
    r.ceiling,
    r.ratio,
    r.target,
    r.pass === null ? 'info' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

export function writeResults(
  dir: string,
  result: Record<string, unknown> & { machine: ReturnType<typeof machineFacts> },
  rows: Row[],
  notes: string[],
): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  const m = result.machine;
  const readme = [
    '# Benchmark results (latest run)',
    '',
    `Written by \`npm run bench${result.mode === 'quick' ? ' -- --quick' : ''}\` on ${String(result.finishedAt)} (${String(result.mode)} run, ${String(result.durationS)} s). Raw figures: [latest.json](latest.json); how each figure is measured and what each optimization bought: [../NOTES.md](../NOTES.md).`,
    '',
    table(rows),
    '',
    '## Machine',
    '',
    `- ${m.cores} cores (${m.cpuModel}), ${m.memoryGb} GiB RAM, ${m.platform}`,
    `- Node.js ${m.nodeVersion} (V8 heap limit ${m.heapLimitMb} MB); PostgreSQL ${m.postgres.server_version ?? '?'} (embedded, ${Object.entries(
      m.postgres,
    )
      .filter(([k]) => k !== 'server_version')
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')})`,
    `- Load average when the run started: ${m.loadAverageAtStart.join(', ')} (the machine is shared; ratios against ceilings measured in the same run are the comparable numbers)`,
    '- The service, the PostgreSQL server, the load generator (autocannon, child process) and the ceilings all share these cores.',
    '',
    ...(notes.length > 0 ? ['## Notes', '', ...notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
  writeFileSync(path.join(dir, 'README.md'), readme);
}

const START = '<!-- bench:latest:start -->';
const END = '<!-- bench:latest:end -->';

/**
 * A full run also puts its table and machine into the project README, between the bench markers, so the README
 * always shows the latest full run. Quick runs leave the README alone.
 */
export function updateProjectReadme(readmePath: string, resultsReadmePath: string): boolean {
  const readme = readFileSync(readmePath, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) return false;
  const results = readFileSync(resultsReadmePath, 'utf8').split('\n');
  // The results page without its title, its own links made relative to the project root.
  const body = results
    .slice(1)
    .join('\n')
    .trim()
    .replace('](latest.json)', '](bench/results/latest.json)')
    .replace('[../NOTES.md](../NOTES.md)', '[bench/NOTES.md](bench/NOTES.md)')
    .replace(/^## /gm, '#### ');
  writeFileSync(readmePath, `${readme.slice(0, from + START.length)}\n${body}\n${readme.slice(to)}`);
  return true;
}

/** The machine's load average (1, 5, 15 min), printed beside figures measured on a shared machine. */
export const loadAverage = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
