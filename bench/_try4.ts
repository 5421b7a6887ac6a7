import { startBenchDatabase } from './support/postgres';
import { startBenchApp } from './support/app';
import { runLoad } from './support/load-worker';
import { summarize } from './support/stats';

async function main() {
  const db = await startBenchDatabase();
  try {
    const app = await startBenchApp(db.url, {}, { manualReactions: true });
    const tok = app.token('teacher', 't0001', 'bench-d1');
    for (const [name, path] of [['health', '/health']]) {
      const r = await runLoad({ url: app.baseUrl, connections: 16, durationS: 5, order: 'random', keyPrefix: 'x', requests: [{ method: 'GET', path, token: tok }] });
      console.log(name, Math.round(r.ok / r.durationS), summarize(r.latencies), r.statuses);
    }
    await app.close();
  } finally { await db.stop(); }
}
main().catch((e) => { console.error(e); process.exit(1); });
