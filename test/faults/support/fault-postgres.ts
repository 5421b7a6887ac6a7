import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../src/infrastructure/database/embedded-postgres';

/**
 * A PostgreSQL server of a fault test's own (never the suite's shared one), which the test may kill, restart, freeze
 * and thaw. The processes are found through postmaster.pid, the server's own record of its postmaster.
 */
export class FaultPostgres {
  private runner: ChildProcess | null = null;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<FaultPostgres> {
    const root = mkdtempSync(path.join(os.tmpdir(), 'texting-fault-pg-'));
    const pg = new FaultPostgres(path.join(root, 'data'), await freePort());
    await pg.restart();
    return pg;
  }

  get url(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Starts (again) on the same data directory and port; after a kill -9 the server runs crash recovery first. */
  async restart(): Promise<void> {
    this.runner?.kill('SIGKILL');
    const runner = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        path.join(__dirname, 'fault-postgres.main.ts'),
        this.dir,
        String(this.port),
      ],
      {
        cwd: path.resolve(__dirname, '../../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.runner = runner;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      runner.stdout!.on('data', (d: Buffer) => {
        output += d.toString();
        if (output.includes('READY')) resolve();
      });
      runner.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      runner.once('exit', () => reject(new Error(`The fault test's PostgreSQL did not start:\n${output}`)));
    });
  }

  /** kill -9 of the postmaster and every backend: what a crashed host or OOM killer does. */
  kill9(): void {
    this.signalAll('SIGKILL');
  }

  /** SIGINT to the postmaster: a fast shutdown, every session ended with 57P01 (what the embedded server's exit does). */
  fastShutdown(): void {
    const postmaster = this.postmasterPid();
    if (postmaster !== null) process.kill(postmaster, 'SIGINT');
  }

  /** SIGSTOP: the server still holds its sockets but answers nothing (a hung host). */
  freeze(): void {
    this.signalAll('SIGSTOP');
  }

  thaw(): void {
    this.signalAll('SIGCONT');
  }

  async stop(): Promise<void> {
    this.thaw();
    const runner = this.runner;
    if (runner && runner.exitCode === null) {
      const exited = new Promise((r) => runner.once('exit', r));
      runner.kill('SIGTERM');
      await exited;
    }
    rmSync(path.dirname(this.dir), { recursive: true, force: true });
  }

  private signalAll(signal: NodeJS.Signals): void {
    const postmaster = this.postmasterPid();
    if (postmaster === null) return;
    const pids = [postmaster, ...childrenOf(postmaster)];
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        // Already gone.
      }
    }
  }

  private postmasterPid(): number | null {
    try {
      const pid = Number(readFileSync(path.join(this.dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  }
}

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map(Number);
  } catch {
    return [];
  }
}
