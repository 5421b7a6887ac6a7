import { Client } from 'pg';
import { type SmsDispatcher } from '../../src/application/delivery/dispatch-sms/sms-dispatcher';
import { DispatcherLeadership } from '../../src/application/delivery/dispatch-sms/dispatcher-leadership';
import { PostgresLeaderLease } from '../../src/infrastructure/database/postgres-leader-lease';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** A stand-in for the dispatcher that only records whether it runs (the real one is tested on its own). */
class RecordingDispatcher {
  running = false;
  starts = 0;
  async start(): Promise<void> {
    this.running = true;
    this.starts++;
  }
  async stop(): Promise<void> {
    this.running = false;
  }
}

describe('DispatcherLeadership: one dispatching replica at a time (real PostgreSQL advisory lock)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('lead');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('runs the dispatcher in one replica only: restarted after a lost session, handed over when the holder stops', async () => {
    const [a, b] = [new RecordingDispatcher(), new RecordingDispatcher()];
    const leaderA = new DispatcherLeadership(
      a as unknown as SmsDispatcher,
      new PostgresLeaderLease({ connectionString: db.url }),
    );
    const leaderB = new DispatcherLeadership(
      b as unknown as SmsDispatcher,
      new PostgresLeaderLease({ connectionString: db.url }),
    );
    await leaderA.start();
    await leaderB.start();
    expect([a.running, b.running]).toEqual([true, false]);

    // The holder's database session dies: it must stop dispatching, and exactly one replica dispatches after.
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'texting-lease:sms-dispatcher'`,
    );
    await admin.end();
    const waitFor = async (done: () => boolean) => {
      const deadline = Date.now() + 15_000;
      while (!done() && Date.now() < deadline) {
        expect(a.running && b.running).toBe(false);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await waitFor(() => a.starts + b.starts === 2 && a.running !== b.running);
    expect(a.starts + b.starts).toBe(2);
    expect(a.running !== b.running).toBe(true);

    // The holder goes away for good: the stand-by takes over.
    const [holder, standby, standbyDispatcher] = a.running ? [leaderA, leaderB, b] : [leaderB, leaderA, a];
    await holder.stop();
    await waitFor(() => standbyDispatcher.running);
    expect([a.running || b.running, standbyDispatcher.running]).toEqual([true, true]);
    await standby.stop();
    expect(a.running || b.running).toBe(false);
  }, 40_000);
});
