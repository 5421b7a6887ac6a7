import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { readWholeStream } from '../../src/application/shared/paged-stream';
import { PostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store';
import { ensureSchema } from '../../src/infrastructure/event-store/postgres/postgres-event-store.schema';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The PostgreSQL stream read answers one JSON value (postgres-event-store.sql.ts): what it reads must be exactly what
 * the rows hold, read column by column, whatever the session's time zone and however odd the content.
 */
describe('PostgreSQL readStream: one aggregated value, the same events as the rows', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('es_read');
    // A session time zone far from UTC: recordedAt must not depend on it.
    pool = new Pool({ connectionString: db.url, max: 4, options: '-c TimeZone=Asia/Kolkata' });
    await ensureSchema(pool);
    store = new PostgresEventStore(pool);
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await db.drop();
  });

  const metadata = (i: number) => ({
    actor: { id: `a-${i}`, role: 'teacher' as const, districtId: 'd-1', initials: 'A.Bell' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    command: 'Test',
    occurredAt: '2024-05-06T07:08:09.123Z',
  });

  /** The rows read one column at a time, mapped as the store always did. */
  async function rowsOf(streamId: string) {
    const { rows } = await pool.query(
      `SELECT position::text AS position, revision::text AS revision, event_id::text AS id, type, data::text AS data, metadata::text AS metadata,
              to_json(recorded_at) #>> '{}' AS recorded_at FROM events WHERE stream_id = $1 ORDER BY events.revision`,
      [streamId],
    );
    return rows.map((r: Record<string, string>) => ({
      id: r.id,
      streamId,
      revision: BigInt(r.revision!),
      position: BigInt(r.position!),
      type: r.type,
      data: JSON.parse(r.data!) as unknown,
      metadata: JSON.parse(r.metadata!) as unknown,
      recordedAt: new Date(r.recorded_at!).toISOString(),
    }));
  }

  it('reads every column as the rows hold it, with odd content and recorded times at every precision', async () => {
    const streamId = `odd-${randomUUID()}`;
    const data = [
      {
        text: 'quotes " and \\ backslashes, ], [ and , commas',
        nested: { list: [1, 2.5, -3e-7, null, true], empty: {} },
      },
      { text: 'Grüße 👋🏽 日本語 \u2028 \n\t', big: 9007199254740991 },
      'a bare string',
      42,
      null,
      [],
    ];
    await store.append(
      streamId,
      data.map((d, i) => ({
        id: randomUUID(),
        type: i === 0 ? 'Type "with" \\ quotes' : `Ünïcode/${i}`,
        data: d,
        metadata: metadata(i),
      })),
      'no_stream',
    );
    const times = [
      '2024-01-02 03:04:05+00',
      '2024-01-02 03:04:05.1+00',
      '2024-01-02 03:04:05.12+00',
      '2024-01-02 03:04:05.999999+00',
      '1999-12-31 23:59:59.5-08',
      '2030-06-30 12:00:00.000001+05:30',
    ];
    for (const [i, t] of times.entries())
      await pool.query('UPDATE events SET recorded_at = $3 WHERE stream_id = $1 AND revision = $2', [streamId, i, t]);
    const read = await store.readStream(streamId);
    expect(read).toEqual(await rowsOf(streamId));
    expect(read.map((e) => e.recordedAt)).toEqual([
      '2024-01-02T03:04:05.000Z',
      '2024-01-02T03:04:05.100Z',
      '2024-01-02T03:04:05.120Z',
      '2024-01-02T03:04:05.999Z',
      '2000-01-01T07:59:59.500Z',
      '2030-06-30T06:30:00.000Z',
    ]);
    expect(await store.readStream(streamId, { fromRevision: 2n, maxCount: 3 })).toEqual(
      (await rowsOf(streamId)).slice(2, 5),
    );
    expect(await store.readStream(streamId, { fromRevision: 6n })).toEqual([]);
    expect(await store.readStream(`none-${randomUUID()}`)).toEqual([]);
  });

  it('reads a long stream whole, in chunks in flight, exactly as one read', async () => {
    const streamId = `long-${randomUUID()}`;
    for (let batch = 0; batch < 5; batch++) {
      await store.append(
        streamId,
        Array.from({ length: 500 }, (_, i) => ({
          id: randomUUID(),
          type: 'Happened',
          data: { n: batch * 500 + i },
          metadata: metadata(i),
        })),
        batch === 0 ? 'no_stream' : BigInt(batch * 500 - 1),
      );
    }
    const all = await rowsOf(streamId);
    expect(await store.readStream(streamId)).toEqual(all);
    expect(await readWholeStream(store, streamId)).toEqual(all);
    expect(await readWholeStream(store, streamId, { fromRevision: 999n, maxCount: 1001 })).toEqual(
      all.slice(999, 2000),
    );
    expect(await readWholeStream(store, streamId, { maxCount: 5001 })).toEqual(all);
  });

  it('keeps each event body as the JSON text it was written (key order too), and converts a store created with jsonb once', async () => {
    const streamId = `order-${randomUUID()}`;
    await store.append(
      streamId,
      [{ id: randomUUID(), type: 'Happened', data: { zeta: 1, alpha: { b: 2, a: 1 } }, metadata: metadata(0) }],
      'no_stream',
    );
    const [event] = await store.readStream(streamId);
    expect(JSON.stringify(event!.data)).toBe('{"zeta":1,"alpha":{"b":2,"a":1}}');

    // The layout before events were json: data and metadata jsonb, with a row in it.
    const legacy = 'es_legacy_jsonb';
    await pool.query(`CREATE SCHEMA ${legacy};
      CREATE TABLE ${legacy}.streams (stream_id text PRIMARY KEY, revision bigint NOT NULL);
      CREATE TABLE ${legacy}.events (position bigint PRIMARY KEY, tx_id xid8 NOT NULL, stream_id text NOT NULL, revision bigint NOT NULL,
        event_id uuid NOT NULL UNIQUE, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream_id, revision))`);
    const old = new PostgresEventStore(pool, { schema: legacy });
    const oldId = randomUUID();
    const types = async () =>
      (
        await pool.query<{ column_name: string; data_type: string }>(
          `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'events' AND column_name IN ('data', 'metadata') ORDER BY column_name`,
          [legacy],
        )
      ).rows;
    try {
      await old.append(
        's-1',
        [{ id: oldId, type: 'Old', data: { text: 'kept', n: [1, 2] }, metadata: metadata(1) }],
        'no_stream',
      );
      expect(await types()).toEqual([
        { column_name: 'data', data_type: 'jsonb' },
        { column_name: 'metadata', data_type: 'jsonb' },
      ]);
      const before = await old.readStream('s-1');

      await ensureSchema(pool, { schema: legacy });
      await ensureSchema(pool, { schema: legacy }); // and again: nothing left to convert
      expect(await types()).toEqual([
        { column_name: 'data', data_type: 'json' },
        { column_name: 'metadata', data_type: 'json' },
      ]);
      expect(await old.readStream('s-1')).toEqual(before);
      await old.append('s-1', [{ id: randomUUID(), type: 'New', data: { after: true }, metadata: metadata(2) }], 0n);
      // The time each event happened, kept beside it for the as-of cut: for the rows already there and the new one.
      const times = await pool.query<{ type: string; occurred_at: string; expected: string }>(
        `SELECT type, occurred_at, metadata ->> 'occurredAt' AS expected FROM ${legacy}.events ORDER BY revision`,
      );
      expect(times.rows.map((r) => r.type)).toEqual(['Old', 'New']);
      for (const r of times.rows)
        expect([r.occurred_at, r.expected]).toEqual(Array(2).fill('2024-05-06T07:08:09.123Z'));
      expect((await old.readStream('s-1')).map((e) => [e.type, e.data])).toEqual([
        ['Old', { text: 'kept', n: [1, 2] }],
        ['New', { after: true }],
      ]);
    } finally {
      await old.close();
      await pool.query(`DROP SCHEMA ${legacy} CASCADE`);
    }
  });
});
