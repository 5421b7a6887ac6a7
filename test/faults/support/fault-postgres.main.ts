// Runs one embedded PostgreSQL for a fault test in a process of its own: the package is ESM-only, which jest's
// module sandbox cannot import, and the test must be free to kill the server without touching its own process.
// Usage: fault-postgres.main.ts <data dir> <port>. Prints READY once the server accepts connections; SIGTERM stops it.
import { startEmbeddedPostgres } from '../../../src/infrastructure/database/embedded-postgres';

async function main(): Promise<void> {
  const [dir, port] = process.argv.slice(2);
  const server = await startEmbeddedPostgres({ dir: dir!, port: Number(port), persistent: true });
  process.stdout.write('READY\n');
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
