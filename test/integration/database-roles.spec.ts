import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { derivedServiceUrl, SERVICE_ROLE } from '../../src/infrastructure/database/database-roles';
import { READ_MODEL_DATA_SOURCE } from '../../src/projections/runner/read-model-data-source';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The append-only promise, kept by the database: the service runs as its own role, which may add to the record but
 * never change, remove or empty it; TRUNCATE is refused even to the owner. Each statement is tried as that role.
 */
describe('database roles: the service cannot change the record', () => {
  let t: TestApp;
  let service: Client;
  let owner: Client;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    const sis = t.token('sis', 'sis'),
      bell = t.token('teacher', 't-bell', { initials: 'A.Bell' });
    await t.http
      .post('/v1/students')
      .set(auth(sis))
      .send({ studentId: 'z', firstName: 'Zoe', lastName: 'Diaz', smsNumber: '+12015550161' })
      .expect(201);
    await t.http
      .post('/v1/students/z/notes')
      .set(auth(bell))
      .send({ body: 'Called home.' })
      .expect((r) => expect(r.status).toBeLessThan(500));
    // A compliance read writes the access record (kept in `events` too).
    await t.http
      .get('/v1/students/z/log')
      .set(auth(t.token('compliance', 'c-1')))
      .set('X-Access-Purpose', 'role test');
    await t.settle();
    service = new Client({ connectionString: derivedServiceUrl(t.db.url) });
    owner = new Client({ connectionString: t.db.url });
    await service.connect();
    await owner.connect();
  });
  afterAll(async () => {
    await service.end();
    await owner.end();
    await t.close();
  });

  it('runs the service itself as the service role', async () => {
    const db = t.app.get<DataSource>(READ_MODEL_DATA_SOURCE);
    expect(await db.query('SELECT current_user AS who')).toEqual([{ who: SERVICE_ROLE }]);
    expect((await service.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n).toBeGreaterThan(0);
  });

  it.each([
    ['events', 'UPDATE events SET type = type'],
    ['events', 'DELETE FROM events'],
    ['events', 'TRUNCATE events'],
    ['communication_log', `UPDATE communication_log SET summary = 'edited'`],
    ['communication_log', 'DELETE FROM communication_log'],
    ['communication_log', 'TRUNCATE communication_log'],
  ])('refuses the service role on %s: %s', async (table, statement) => {
    const before = (await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
    expect(before).toBeGreaterThan(0);
    await expect(service.query(statement)).rejects.toMatchObject({ code: '42501' });
    expect((await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n).toBe(before);
  });

  it('refuses TRUNCATE of the record even to the owner', async () => {
    await expect(owner.query('TRUNCATE events')).rejects.toThrow(/append-only/);
    await expect(owner.query('TRUNCATE communication_log')).rejects.toThrow(/append-only/);
  });

  it('lets the service role append to the record and keep its working tables', async () => {
    await expect(
      service.query(`UPDATE projection_checkpoints SET updated_at = now() WHERE name = 'threads'`),
    ).resolves.toBeDefined();
    await expect(service.query('CREATE TABLE sneaky (x int)')).rejects.toMatchObject({ code: '42501' });
  });

  it('keeps the privileges on tables a rebuild swaps in', async () => {
    await t.projections.rebuild();
    await expect(service.query('DELETE FROM communication_log')).rejects.toMatchObject({ code: '42501' });
    await expect(service.query('TRUNCATE communication_log')).rejects.toMatchObject({ code: '42501' });
    expect(
      (await service.query<{ n: number }>('SELECT count(*)::int AS n FROM thread_messages')).rows[0]!.n,
    ).toBeGreaterThanOrEqual(0);
  });
});
