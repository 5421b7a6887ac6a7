// Starts one throw-away embedded PostgreSQL for the whole test run, unless DATABASE_URL points at one.
// Each test file then creates its own database on it (see test/support/database.ts).
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

module.exports = async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
    console.log(`\n[tests] PostgreSQL: DATABASE_URL (${new URL(process.env.DATABASE_URL).host})`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'texting-test-pg-'));
  // PostgreSQL runs as an unprivileged user (we are often root): it must be able to create its data folder here.
  fs.chmodSync(dir, 0o777);
  const { startEmbeddedPostgres } = await import('../../scripts/embedded-postgres.mjs');
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), persistent: false });
  globalThis.__EMBEDDED_PG__ = { stop: pg.stop, dir };
  process.env.TEST_ADMIN_DATABASE_URL = pg.url;
  console.log(`\n[tests] PostgreSQL: embedded (started by the test run, ${new URL(pg.url).host})`);
};
