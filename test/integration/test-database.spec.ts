import { Client } from 'pg';
import { createTestDatabase } from '../support/database';

describe('test harness: real PostgreSQL per test file', () => {
  it('creates an isolated database that accepts connections and is dropped afterwards', async () => {
    const db = await createTestDatabase();
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query<{ n: number }>('select 41 + 1 as n');
    await c.end();
    expect(rows[0]!.n).toBe(42);
    await db.drop();
    const again = new Client({ connectionString: db.url });
    await expect(again.connect()).rejects.toThrow(/does not exist/);
  });
});
