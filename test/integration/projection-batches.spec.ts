import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '../../src/application/ports/event-store.port';
import { createReadModelDataSource } from '../../src/infrastructure/database/read-model-data-source.factory';
import { AnalyticsProjection } from '../../src/projections/analytics/analytics.projection';
import { CommunicationLogProjection } from '../../src/projections/records/communication-log.projection';
import { RosterProjection } from '../../src/projections/contacts/roster.projection';
import { pgSqlTx } from '../../src/projections/runner/pg-sql-tx';
import { ProjectionRunner } from '../../src/projections/runner/projection-runner';
import { REBUILD_PAGE } from '../../src/projections/runner/rebuild-pages';
import type { Projection } from '../../src/projections/runner/projection';
import { InboxProjection } from '../../src/projections/inbox/inbox.projection';
import { ThreadsProjection } from '../../src/projections/messaging/threads.projection';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { logStore, TABLE_KEYS } from '../support/read-model-tables';
import { random, randomLog, withInboxReads } from '../support/random-log';

/**
 * Each read model is one fold and one set-based writer, whatever the batch size (a live event alone, a catch-up or a
 * rebuild page of thousands). Applying a log in any batches gives the same tables as applying it one event per batch:
 * random logs (test/support/random-log.ts) with duplicate ids, statuses and times out of order, events for rows
 * nobody has, and batches that continue from rows earlier batches wrote.
 */

/**
 * The log with a second district repeating about half of its events, the same ids acting for d2 (interleaved): the
 * same students, enrollments, texts and calls in two districts, which the analytics facts keep apart.
 */
function withSecondDistrict(log: readonly RecordedEvent[], seed: number): RecordedEvent[] {
  const r = random(seed * 17);
  const out: RecordedEvent[] = [];
  for (const event of log) {
    out.push(event);
    if (r() < 0.5) {
      const actor = { ...event.metadata.actor, districtId: 'd2' };
      const streamId = event.streamId.replace(/^student-/, 'student-d2/');
      out.push({ ...event, id: `${event.id}-d2`, streamId, metadata: { ...event.metadata, actor } });
    }
  }
  return out.map((e, i) => ({ ...e, position: BigInt(i) }));
}

describe('projection batches of any size equal one event per batch', () => {
  let db: TestDatabase;
  let pool: Pool;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('batches');
    ds = await createReadModelDataSource(db.url, 6);
    pool = new Pool({ connectionString: db.url, max: 1 });
    // This test empties the tables between runs as their owner; the service itself can never TRUNCATE the log.
    await ds.query('ALTER TABLE communication_log DISABLE TRIGGER communication_log_no_truncate');
  });
  afterAll(async () => {
    await pool.end();
    await ds.destroy();
    await db.drop();
  });

  /** Empties the projection's tables, applies the log in batches of `sizes()` events (a transaction each), returns the rows. */
  async function applyAll(
    p: Projection,
    log: readonly RecordedEvent[],
    sizes: () => number,
  ): Promise<Record<string, unknown[]>> {
    const c = await pool.connect();
    try {
      await c.query(`TRUNCATE ${p.tables.join(', ')}`);
      for (let i = 0; i < log.length;) {
        const n = sizes();
        await c.query('BEGIN');
        await p.apply(pgSqlTx(c), log.slice(i, i + n));
        await c.query('COMMIT');
        i += n;
      }
      const out: Record<string, unknown[]> = {};
      for (const table of p.tables)
        out[table] = (await c.query(`SELECT * FROM ${table} ORDER BY ${TABLE_KEYS[table]}`)).rows;
      return out;
    } finally {
      c.release();
    }
  }

  const cases: [string, () => Projection, ((log: RecordedEvent[], seed: number) => RecordedEvent[]) | null][] = [
    ['roster', () => new RosterProjection(), null],
    ['threads', () => new ThreadsProjection(), null],
    ['analytics', () => new AnalyticsProjection(), null],
    ['analytics, the same ids in two districts', () => new AnalyticsProjection(), withSecondDistrict],
    ['communication log', () => new CommunicationLogProjection(), null],
    ['inbox', () => new InboxProjection(), withInboxReads],
  ];

  it.each(cases)('%s', async (_name, make, extend) => {
    /** Each table and district that had rows, over the seeds. */
    const seen = new Set<string>();
    for (let seed = 1; seed <= 25; seed++) {
      const log = (extend ?? ((l) => l))(randomLog(seed, 60 + seed * 8), seed);
      const r = random(seed * 7);
      const one = await applyAll(make(), log, () => 1);
      expect(Object.values(one).some((rows) => rows.length > 0)).toBe(true);
      for (const [table, rows] of Object.entries(one))
        for (const row of rows) seen.add(`${table} ${(row as { district_id?: string }).district_id}`);
      const mixed = await applyAll(make(), log, () => 1 + Math.floor(r() * 40));
      const whole = await applyAll(make(), log, () => log.length);
      expect({ seed, tables: mixed }).toEqual({ seed, tables: one });
      expect({ seed, tables: whole }).toEqual({ seed, tables: one });
    }
    if (extend === withSecondDistrict)
      expect([...seen].filter((k) => k.startsWith('analytics_')).sort()).toEqual([
        'analytics_contacts d1',
        'analytics_contacts d2',
        'analytics_enrollments d1',
        'analytics_enrollments d2',
      ]);
  });

  it('times in another ISO form (an offset for Z) are compared as PostgreSQL compares them', async () => {
    const log = randomLog(99, 200).map((e) =>
      e.type === 'SmsQueued'
        ? { ...e, metadata: { ...e.metadata, occurredAt: e.metadata.occurredAt.replace('Z', '+00:00') } }
        : e,
    );
    const one = await applyAll(new AnalyticsProjection(), log, () => 1);
    const whole = await applyAll(new AnalyticsProjection(), log, () => log.length);
    expect(whole).toEqual(one);
  });

  async function tablesOf(projections: readonly Projection[]): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const table of projections.flatMap((p) => p.tables))
      out[table] = await ds.query(`SELECT * FROM ${table} ORDER BY ${TABLE_KEYS[table]}`);
    return out;
  }

  const all = () => [
    new RosterProjection(),
    new ThreadsProjection(),
    new CommunicationLogProjection(),
    new AnalyticsProjection(),
  ];

  it('a rebuild (every projection through the pages at its own pace) writes what small batches write', async () => {
    const log = randomLog(7, 2 * REBUILD_PAGE + 1_000);
    const reference: Record<string, unknown[]> = {};
    for (const p of all()) {
      // Batches of 50: any batching gives the same tables (the cases above); one event per batch is slow here.
      Object.assign(reference, await applyAll(p, log, () => 50));
    }
    const runner = new ProjectionRunner(logStore(log), ds, all());
    expect(await runner.rebuild()).toEqual({ events: log.length });
    expect(await tablesOf(all())).toEqual(reference);
    const checkpoints = await runner.checkpoints();
    for (const p of all()) expect(checkpoints.get(p.name)).toBe(log[log.length - 1]!.position);
    // Every projection is done: the runner reports the whole log as reached.
    await runner.waitFor(log[log.length - 1]!.position);
  });

  it('a rebuild that fails in one projection leaves every live table, its rows and the checkpoints as they were', async () => {
    const log = randomLog(8, 3 * REBUILD_PAGE + 500);
    await new ProjectionRunner(logStore(log.slice(0, REBUILD_PAGE)), ds, all()).rebuild();
    const before = await tablesOf(all());
    const checkpointsBefore = await new ProjectionRunner(logStore(log), ds, all()).checkpoints();
    expect(before.thread_messages!.length).toBeGreaterThan(0);
    let pages = 0;
    const threads = new ThreadsProjection();
    const failing: Projection = {
      name: threads.name,
      tables: threads.tables,
      apply: async (tx, events) => {
        // Class 53 (insufficient resources) is not the event's fault: it fails the rebuild instead of isolating.
        if (++pages === 2) throw Object.assign(new Error('disk full'), { code: '53100' });
        await threads.apply(tx, events);
      },
    };
    const projections = [new RosterProjection(), failing, new CommunicationLogProjection(), new AnalyticsProjection()];
    const runner = new ProjectionRunner(logStore(log), ds, projections);
    await expect(runner.rebuild()).rejects.toThrow('disk full');
    expect(await tablesOf(all())).toEqual(before);
    expect(await runner.checkpoints()).toEqual(checkpointsBefore);
    expect(await ds.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'read_model_rebuild'`)).toEqual([]);
    // The live log keeps refusing UPDATE, DELETE and TRUNCATE: the triggers are still on the live table.
    await expect(ds.query('DELETE FROM communication_log')).rejects.toThrow(/append-only/);
  });
});
