import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The service as a real child process (`npm start`, as in production), so a test can kill -9 it. It runs in a
 * process group of its own: npm does not always pass signals on, and a kill must reach ts-node and the service too.
 */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  /** Exit codes and signals of every run so far (a run the test did not kill must not have exited). */
  readonly exits: { code: number | null; signal: NodeJS.Signals | null; killedByTest: boolean }[] = [];
  output = '';
  private killing = false;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    const env: Record<string, string | undefined> = { ...process.env, ...this.env, PORT: String(this.port) };
    this.killing = false;
    const child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-200_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('exit', (code, signal) => this.exits.push({ code, signal, killedByTest: this.killing }));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && this.running) {
      const health = await fetch(`${this.baseUrl}/health`).catch(() => null);
      if (health?.ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`The service did not become healthy:\n${this.output.slice(-3000)}`);
  }

  /** kill -9 of the whole process group: no shutdown hook runs. */
  async kill9(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** An ordinary stop (SIGTERM), as an orchestrator sends. */
  async terminate(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.killing = true;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, signal);
    // Never wait forever: a service that does not end is killed, so it cannot hold the test run open.
    const bound = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 30_000);
    await exited;
    clearTimeout(bound);
  }
}
