import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  GetStudentHistoryHandler,
  GetStudentHistoryJsonHandler,
} from '../../src/application/compliance/student-history.handler';
import type { EventStore } from '../../src/application/ports/event-store.port';
import {
  GetStudentHistoryJsonQuery,
  GetStudentHistoryQuery,
  type JsonPieces,
} from '../../src/application/compliance/compliance.queries';
import type { Actor } from '../../src/domain/shared/actor';
import { InMemoryEventStore } from '../../src/infrastructure/event-store/in-memory/in-memory-event-store';
import { PostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store';
import { ensureSchema } from '../../src/infrastructure/event-store/postgres/postgres-event-store.schema';
import { CopyBinaryRows } from '../../src/infrastructure/event-store/postgres/postgres-copy-binary';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The history answer composed and streamed by PostgreSQL (postgres-stream-json.ts) must be byte for byte what the
 * object path gives once serialised: JSON.stringify of GetStudentHistoryQuery's page, as the route answered before.
 */
describe('History as JSON streamed from PostgreSQL: the same bytes as the object path', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  const actor: Actor = { id: 'c-1', role: 'compliance', districtId: 'd-1', initials: 'C.O' };

  beforeAll(async () => {
    db = await createTestDatabase('es_json');
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
    actor: { id: `a-${i}`, role: 'teacher' as const, districtId: 'd-1', ...(i % 2 ? {} : { initials: 'A.Bell' }) },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    command: 'Test',
    occurredAt: '2024-05-06T07:08:09.123Z',
  });

  async function student(bodies: unknown[], on: EventStore = store): Promise<string> {
    const id = `s-${randomUUID()}`;
    const registered = { id: randomUUID(), type: 'StudentRegistered', data: { studentId: id, districtId: 'd-1' } };
    const events = [registered, ...bodies.map((d, i) => ({ id: randomUUID(), type: `Ünïcode "${i}"\\`, data: d }))];
    await on.append(
      `student-${id}`,
      events.map((e, i) => ({ ...e, metadata: metadata(i) })),
      'no_stream',
    );
    return id;
  }

  async function text(pieces: JsonPieces): Promise<string> {
    const parts: Buffer[] = [];
    for await (const piece of pieces) parts.push(Buffer.from(piece));
    return Buffer.concat(parts).toString('utf8');
  }

  async function both(on: EventStore, id: string, page: { afterRevision?: bigint; limit: number }) {
    const objects = await new GetStudentHistoryHandler(on).execute(new GetStudentHistoryQuery(actor, id, page));
    const streamed = await text(
      await new GetStudentHistoryJsonHandler(on).execute(new GetStudentHistoryJsonQuery(actor, id, page)),
    );
    return { expected: JSON.stringify(objects), streamed };
  }

  const odd = [
    { text: 'quotes " and \\ backslashes, ], [ and , commas', nested: { list: [1, 2.5, -3e-7, null, true], e: {} } },
    { text: 'Grüße 👋🏽 日本語 \u2028 \n\t \u0001 \u007f', big: 9007199254740991, z: 1, a: 2 },
    'a bare string',
    42,
    null,
    [],
    { '10': 'integer-like keys', b: 1, '2': 'first' },
  ];

  it('answers every page, odd content and recorded times at every precision, exactly as before', async () => {
    const id = await student(odd);
    const times = ['2024-01-02 03:04:05+00', '2024-01-02 03:04:05.1+00', '2024-01-02 03:04:05.999999+00'];
    for (const [i, t] of times.entries())
      await pool.query('UPDATE events SET recorded_at = $3 WHERE stream_id = $1 AND revision = $2', [
        `student-${id}`,
        i + 1,
        t,
      ]);
    for (const page of [
      { limit: 1000 },
      { limit: 8 },
      { limit: 7 },
      { limit: 3 },
      { afterRevision: 2n, limit: 2 },
      { afterRevision: 6n, limit: 5 },
      { afterRevision: 7n, limit: 5 },
      { afterRevision: 100n, limit: 5 },
    ]) {
      const { expected, streamed } = await both(store, id, page);
      expect(streamed).toBe(expected);
    }
    const { streamed } = await both(store, id, { limit: 3 });
    expect(JSON.parse(streamed)).toMatchObject({ studentId: id, nextAfter: '2' });
    expect((await both(store, id, { limit: 1000 })).streamed).toContain('"recordedAt":"2024-01-02T03:04:05.999Z"');
  });

  it('streams a long history across many COPY chunks, and the in-memory store gives the same bytes', async () => {
    const bodies = Array.from({ length: 1200 }, (_, i) => ({ n: i, words: `${'é'.repeat(i % 700)}"\\` }));
    const id = await student(bodies);
    const { expected, streamed } = await both(store, id, { limit: 5000 });
    expect(streamed).toBe(expected);
    expect((JSON.parse(streamed) as { events: unknown[] }).events).toHaveLength(1201);

    const memory = new InMemoryEventStore();
    const mid = await student(odd, memory);
    const fromMemory = await both(memory, mid, { limit: 4 });
    expect(fromMemory.streamed).toBe(fromMemory.expected);
  });

  it('frees its connection when the reader stops early, or never starts', async () => {
    const id = await student(Array.from({ length: 3000 }, (_, i) => ({ n: i, pad: 'x'.repeat(200) })));
    const handler = new GetStudentHistoryJsonHandler(store);
    const stopped = (await handler.execute(new GetStudentHistoryJsonQuery(actor, id, { limit: 5000 })))[
      Symbol.asyncIterator
    ]();
    await stopped.next();
    await stopped.next();
    await stopped.return?.();
    const never = await handler.execute(new GetStudentHistoryJsonQuery(actor, id, { limit: 5000 }));
    expect(pool.totalCount - pool.idleCount).toBe(1);
    await never[Symbol.asyncIterator]().return?.();
    expect(pool.totalCount - pool.idleCount).toBe(0);
    // The pool still answers, and a whole read after them is whole.
    const { expected, streamed } = await both(store, id, { limit: 5000 });
    expect(streamed).toBe(expected);
  });

  it('parses COPY binary rows of two and of four values split at every byte', () => {
    const field = (b: Buffer) => {
      const n = Buffer.alloc(4);
      n.writeInt32BE(b.length);
      return Buffer.concat([n, b]);
    };
    const row = (...values: string[]) =>
      Buffer.concat([Buffer.from([0, values.length]), ...values.map((v) => field(Buffer.from(v)))]);
    const header = Buffer.concat([
      Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
      Buffer.alloc(4),
      Buffer.from([0, 0, 0, 2, 9, 9]),
    ]);
    const trailer = Buffer.from([0xff, 0xff]);
    for (const rows of [
      [
        ['0', '{"a":"é"}'],
        ['1', '[]'],
      ],
      [
        ['0', 'Ünïcode', '{"a":"é"}', '{}'],
        ['1', '', 'null', '[1]'],
      ],
    ]) {
      const all = Buffer.concat([header, ...rows.map((r) => row(...r)), trailer]);
      const parser = new CopyBinaryRows(rows[0]!.length);
      const values: string[] = [];
      for (let i = 0; i < all.length; i++) {
        const { buf, at } = parser.push(all.subarray(i, i + 1));
        for (let k = 0; k < at.length; k += 2) values.push(buf.toString('utf8', at[k], at[k + 1]));
      }
      parser.end();
      expect(values).toEqual(rows.flat());
      const cut = new CopyBinaryRows(rows[0]!.length);
      cut.push(all.subarray(0, all.length - 3));
      expect(() => cut.end()).toThrow('ended early');
    }
  });
});
