import { Client } from 'pg';
import { PostgresLeaderLease } from '../../src/infrastructure/database/postgres-leader-lease';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('PostgresLeaderLease (real PostgreSQL advisory locks)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('lease');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('lets one holder at a time take a lease, and the next one after release', async () => {
    const a = new PostgresLeaderLease({ connectionString: db.url });
    const b = new PostgresLeaderLease({ connectionString: db.url });
    const first = await a.tryAcquire('sms-dispatcher');
    expect(first).not.toBeNull();
    expect(await b.tryAcquire('sms-dispatcher')).toBeNull();
    expect(await b.tryAcquire('another-lease')).not.toBeNull();
    await first!.release();
    const second = await b.tryAcquire('sms-dispatcher');
    expect(second).not.toBeNull();
    await second!.release();
  });

  it("is lost, and free for others, when the holder's session dies", async () => {
    const lease = await new PostgresLeaderLease({ connectionString: db.url }).tryAcquire('sms-dispatcher');
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'texting-lease:sms-dispatcher'`,
    );
    await admin.end();
    await lease!.lost;
    const next = await new PostgresLeaderLease({ connectionString: db.url }).tryAcquire('sms-dispatcher');
    expect(next).not.toBeNull();
    await next!.release();
  });
});
