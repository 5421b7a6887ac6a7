import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

const EMBEDDED_DATABASE = 'texting';

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL under .data/ — reusing one already running on the
 * embedded port (the service, when the CLI runs beside it), else starting it.
 */
export async function resolveDatabase(config: AppConfig): Promise<{ url: string; embedded: EmbeddedPostgres | null }> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${config.embeddedPort}/postgres`;
  let embedded: EmbeddedPostgres | null = null;
  if (!(await reachable(adminUrl))) {
    embedded = await startEmbeddedPostgres({
      dir: config.embeddedDataDir,
      port: config.embeddedPort,
      persistent: true,
    });
  }
  const admin = new Client({ connectionString: adminUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await admin.end();
  }
  return { url: adminUrl.replace(/\/postgres$/, `/${EMBEDDED_DATABASE}`), embedded };
}

async function reachable(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}
