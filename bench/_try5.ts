import { Client } from 'pg';
import { startBenchDatabase } from './support/postgres';
import { seedInChild } from './support/seed';
import { startBenchApp } from './support/app';
import { QUICK_PLAN, hotSlices } from './support/dataset';
import { sendSmsRequests, teacherTokens } from './support/requests';
import { sendSmsLoad } from './commands.bench';
import { dispatcherRate } from './dispatcher.bench';

async function main() {
  const db = await startBenchDatabase();
  try {
    await seedInChild(db.url, true);
    const app = await startBenchApp(db.url, { SMS_RATE_PER_SECOND: '1' }, { manualReactions: true });
    const admin = new Client({ connectionString: db.url }); await admin.connect();
    await admin.query(`INSERT INTO reaction_checkpoints (name, position) SELECT 'sms-dispatcher', max(position) FROM events`);
    const tokens = teacherTokens(app, QUICK_PLAN);
    const warm = sendSmsRequests(QUICK_PLAN, tokens, hotSlices(QUICK_PLAN).warm);
    const r = await sendSmsLoad(app.baseUrl, warm, { connections: 16, seconds: 30, amount: 1500, tag: 'p' });
    console.log('sent', r.ok);
    await admin.end();
    await app.close();
    console.log(await dispatcherRate(db.url, { rate: 225, seconds: 5 }));
  } finally {
    await db.stop();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
