// Starts one throw-away embedded PostgreSQL for the whole test run, unless DATABASE_URL points at one.
// Each test file then creates its own database on it (see test/support/database.ts).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/infrastructure/database/embedded-postgres';

export default async function globalSetup(): Promise<void> {
  const esdb = process.env.EVENTSTORE_URL;
  console.log(
    esdb
      ? `\n[tests] EventStoreDB: the contract suite runs against the stand-in AND the real server at ${new URL(esdb.replace(/^esdb(\+discover)?:/, 'http:')).host}`
      : '\n[tests] EventStoreDB: protocol stand-in only (set EVENTSTORE_URL to also run the contract suite against a real server)',
  );
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
    console.log(`\n[tests] PostgreSQL: DATABASE_URL (${new URL(process.env.DATABASE_URL).host})`);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'texting-test-pg-'));
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), persistent: false });
  (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = { stop: pg.stop, dir };
  process.env.TEST_ADMIN_DATABASE_URL = pg.url;
  console.log(`\n[tests] PostgreSQL: embedded (started by the test run, ${new URL(pg.url).host})`);
}
