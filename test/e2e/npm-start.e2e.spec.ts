import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/infrastructure/database/embedded-postgres';
import { mintToken } from '../../src/infrastructure/auth/token.service';
import { loadConfig } from '../../src/infrastructure/config/app-config';

/**
 * The newcomer's first command, for real: `npm start` with no DATABASE_URL starts the embedded PostgreSQL
 * (under a folder of its own here instead of .data/), serves /health, and takes a command with a dev token; it
 * builds and serves the console, runs the demo identity provider and seeds the demo district into the empty record.
 */
describe('npm start on the embedded default (real child process)', () => {
  let child: ChildProcess;
  let dir: string;
  let output = '';

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      // npm does not always pass signals on: stop the whole process group (npm, ts-node, the service).
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts, reports healthy, and serves the API with a development token', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'texting-start-'));
    const [port, pgPort, oidcPort] = [await freePort(), await freePort(), await freePort()];
    const env: Record<string, string | undefined> = {
      ...process.env,
      PORT: String(port),
      EMBEDDED_PG_DIR: path.join(dir, 'pg'),
      EMBEDDED_PG_PORT: String(pgPort),
      DEMO_OIDC_PORT: String(oidcPort),
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
    };
    delete env.DATABASE_URL;
    delete env.JWT_SECRET;
    delete env.OIDC_ISSUER;
    child = spawn('npm', ['start'], {
      cwd: path.resolve(__dirname, '../..'),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));

    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    let health: Response | null = null;
    while (Date.now() < deadline && child.exitCode === null) {
      health = await fetch(`${base}/health`).catch(() => null);
      if (health?.ok) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (!health?.ok) throw new Error(`npm start did not become healthy:\n${output.slice(-3000)}`);
    expect(await health.json()).toMatchObject({ status: 'ok' });

    const token = mintToken(loadConfig({ NODE_ENV: 'development' }), {
      sub: 'sis-1',
      role: 'sis',
      district: 'district-demo',
    });
    const created = await fetch(`${base}/v1/students`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ studentId: 'newcomer-1', firstName: 'Ana', lastName: 'Ruiz', smsNumber: '+12015550123' }),
    });
    expect(created.status).toBe(201);
    const unauthenticated = await fetch(`${base}/v1/enrollments/current`);
    expect(unauthenticated.status).toBe(401);
    expect(output).toMatch(/Student texting service listening/);

    // The console is built and served, signs in with the demo provider, and the demo district was seeded.
    const page = await fetch(`${base}/console/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/console/assets/console.js');
    expect((await fetch(`${base}/console/assets/console.js`)).status).toBe(200);
    const consoleConfig = (await (await fetch(`${base}/console/config.json`)).json()) as { issuer: string };
    expect(consoleConfig.issuer).toBe(`http://localhost:${oidcPort}`);
    expect((await fetch(`${consoleConfig.issuer}/.well-known/openid-configuration`)).status).toBe(200);
    while (!/demo district was seeded/.test(output) && Date.now() < deadline && child.exitCode === null)
      await new Promise((r) => setTimeout(r, 250));
    const admin = mintToken(loadConfig({ NODE_ENV: 'development' }), {
      sub: 'adm-1',
      role: 'school_admin',
      district: 'district-demo',
    });
    const enrollments = (await (
      await fetch(`${base}/v1/enrollments/current`, { headers: { Authorization: `Bearer ${admin}` } })
    ).json()) as unknown[];
    expect(enrollments).toHaveLength(7);
  }, 120_000);
});
