import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '../../src/application/ports/event-store.port';
import { createReadModelDataSource } from '../../src/infrastructure/database/read-model-data-source.factory';
import { AnalyticsProjection } from '../../src/projections/analytics/analytics.projection';
import { storedLogRows } from '../../src/projections/compliance/log-rows.reader';
import { RosterProjection } from '../../src/projections/contacts/roster.projection';
import { POLICIES } from '../../src/projections/contacts/roster.rows';
import { InboxProjection } from '../../src/projections/inbox/inbox.projection';
import { ThreadsProjection } from '../../src/projections/messaging/threads.projection';
import { UNROUTED } from '../../src/projections/messaging/threads.rows';
import { logEntries } from '../../src/projections/records/communication-log.fold';
import { CommunicationLogProjection } from '../../src/projections/records/communication-log.projection';
import { logRowContent } from '../../src/projections/records/log-chain';
import { PreparedLogCopy } from '../../src/projections/records/log-preparation';
import { verifyLog, type ExpectedEntry } from '../../src/projections/records/log-verifier';
import type { Projection } from '../../src/projections/runner/projection';
import { ProjectionRunner } from '../../src/projections/runner/projection-runner';
import { REBUILD_PAGE } from '../../src/projections/runner/rebuild-pages';
import { tableWrite, writeTables } from '../../src/projections/runner/row-writer';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { logStore, TABLE_KEYS } from '../support/read-model-tables';
import { randomLog, withInboxReads } from '../support/random-log';

/**
 * A rebuild loads its fresh tables by COPY (the rows a batch's writer knows are new) and builds most indexes after the
 * load (rebuild-tables.ts). Its tables must be exactly those the live path writes: compared here row for row, the
 * communication log's hashes included, after the live runner applied the same log in small batches.
 */

describe('a rebuild by COPY into fresh tables, indexes built after the load', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('rebuild_copy');
    ds = await createReadModelDataSource(db.url, 6);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  async function tables(names: readonly string[]): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const table of names) out[table] = await ds.query(`SELECT * FROM ${table} ORDER BY ${TABLE_KEYS[table]}`);
    return out;
  }

  const indexes = (names: readonly string[]): Promise<unknown[]> =>
    ds.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1)
               ORDER BY tablename, indexname`,
      [names],
    );

  /** Each projection, noting whether its rebuild transactions could COPY, and the log's pages its thread prepared. */
  function watched(copied: Set<string>, threadPages: bigint[] = []): Projection[] {
    return [
      new RosterProjection(),
      new ThreadsProjection(),
      new CommunicationLogProjection(),
      new AnalyticsProjection(),
      new InboxProjection(),
    ].map((p) => {
      const apply = p.apply.bind(p);
      return Object.assign(p, {
        apply: (tx: Parameters<Projection['apply']>[0], events: readonly RecordedEvent[], prepared?: unknown) => {
          if (tx.copy) copied.add(p.name);
          if (prepared instanceof PreparedLogCopy) threadPages.push(events[0]!.position);
          return apply(tx, events, prepared);
        },
      });
    });
  }

  it('equals the live tables row for row, the log hashes included; its chains verify; the indexes are the same', async () => {
    const log = withInboxReads(randomLog(11, 2 * REBUILD_PAGE + 700), 11);
    const copied = new Set<string>();
    const threadPages: bigint[] = [];
    const projections = watched(copied, threadPages);
    const names = projections.flatMap((p) => p.tables);
    const runner = new ProjectionRunner(logStore(log), ds, projections);
    for (let i = 0; i < log.length; i += 50) await runner.applyBatch(log.slice(i, i + 50), { mode: 'live' });
    expect(copied.size).toBe(0);
    const live = await tables(names);
    const liveIndexes = await indexes(names);
    expect(live.communication_log!.length).toBeGreaterThan(1_000);

    expect(await runner.rebuild()).toEqual({ events: log.length });
    expect([...copied].sort()).toEqual(projections.map((p) => p.name).sort());
    // Every page of the log was prepared in the worker thread (log-preparation-thread.ts), chains included.
    expect(threadPages).toEqual([0, 1, 2].map((i) => log[i * REBUILD_PAGE]!.position));
    expect(await tables(names)).toEqual(live);
    expect(await indexes(names)).toEqual(liveIndexes);

    const last = log[log.length - 1]!.position;
    for (const [districtId, studentId] of [...new Set(log.map((e) => e.streamId))]
      .filter((s) => s.startsWith('student-'))
      .map((s) => ['d1', s.slice('student-'.length)])) {
      async function* expected(): AsyncGenerator<ExpectedEntry> {
        for (const event of log.filter((e) => e.streamId === `student-${studentId}`)) {
          const content = logRowContent(event);
          if (content) yield { content, position: event.position, recordedAt: event.recordedAt };
        }
      }
      const outcome = await verifyLog(
        expected(),
        storedLogRows(ds, { districtId: districtId!, studentId: studentId! }),
        {
          projectedThrough: last,
          lookup: async () => null,
        },
      );
      expect({ studentId, intact: outcome.intact, entries: outcome.table.entries > 0 }).toEqual({
        studentId,
        intact: true,
        entries: true,
      });
    }
  });

  it('writes rows it took for new but were there (a conflict on COPY) the live way: first one kept, or replaced', async () => {
    // Ids repeat within a page and across pages (five districts a page, again on every page); each COPY is megabytes.
    const body = 'x'.repeat(2_000);
    const log = randomLog(12, 2 * REBUILD_PAGE + 300);
    const wrong: Projection = {
      name: 'claims-everything-new',
      tables: ['unrouted_inbound', 'district_policies'],
      apply: (tx, events) =>
        writeTables(tx, [
          tableWrite(UNROUTED, {
            insertOnly: true,
            fresh: () => true,
            upserts: events.map((e) => ({
              message_id: `m${Number(e.position) % 2_000}`,
              student_id: null,
              district_id: 'd1',
              from_number: null,
              body: `${e.position}\t\\ \n${body}`,
              reason: 'test',
              received_at: e.metadata.occurredAt,
              position: e.position.toString(),
            })),
          }),
          tableWrite(POLICIES, {
            fresh: () => true,
            upserts: events.slice(-5).map((e) => ({
              district_id: `d${Number(e.position) % 5}`,
              sms_allowed: Number(e.position) % 2 === 0,
              time_zone: 'America/Chicago',
              quiet_start: '08:00',
              quiet_end: e.position.toString(),
              allowed_link_hosts: ['a"b', 'c\\d', `p${e.position}`],
            })),
          }),
        ]),
    };
    await ds.query(`TRUNCATE ${wrong.tables.join(', ')}`);
    const runner = new ProjectionRunner(logStore(log), ds, [wrong]);
    // In the rebuild's pages, so that both write the same rows per batch.
    for (let i = 0; i < log.length; i += REBUILD_PAGE)
      await runner.applyBatch(log.slice(i, i + REBUILD_PAGE), { mode: 'live' });
    const live = await tables(wrong.tables);
    expect(live.unrouted_inbound).toHaveLength(2_000);
    await runner.rebuild();
    expect(await tables(wrong.tables)).toEqual(live);
    expect(await ds.query('SELECT count(*)::int AS n FROM projection_failures')).toEqual([{ n: 0 }]);
  });

  it.each([
    ['fails once, then goes in one event at a time', 1, []],
    ['is isolated (its student held from it on)', Infinity, ['bad']],
  ] as const)(
    "stops using the log's thread at the first page not written whole with its rows: an event that %s",
    async (_case, failures, isolated) => {
      const log = randomLog(13, 3 * REBUILD_PAGE + 200);
      // A log event of the second page that the projection fails on, `failures` times, live and in the rebuild alike.
      // The thread chained past it and prepared the third page meanwhile: that page must not be used.
      const bad = log
        .slice(REBUILD_PAGE + 100)
        .find((e) => e.streamId.startsWith('student-') && logEntries([e]).length > 0)!;
      const threadPages: bigint[] = [];
      const logProjection = new CommunicationLogProjection();
      let failed = 0;
      const failing: Projection = {
        name: logProjection.name,
        tables: logProjection.tables,
        readIndexes: logProjection.readIndexes,
        prepare: (events) => logProjection.prepare(events),
        rebuildPreparation: () => logProjection.rebuildPreparation(),
        apply: async (tx, events, prepared) => {
          if (events.includes(bad) && failed++ < failures) throw new Error('cannot apply');
          if (prepared instanceof PreparedLogCopy) threadPages.push(events[0]!.position);
          await logProjection.apply(tx, events, prepared);
        },
      };
      // A database of its own: the log's table is append-only, and the first case filled it.
      const own = await createTestDatabase('rebuild_thread');
      const ownDs = await createReadModelDataSource(own.url, 3);
      try {
        const runner = new ProjectionRunner(logStore(log), ownDs, [failing]);
        for (let i = 0; i < log.length; i += 50) await runner.applyBatch(log.slice(i, i + 50), { mode: 'live' });
        const rows = (): Promise<unknown[]> => ownDs.query('SELECT * FROM communication_log ORDER BY entry_id');
        const failuresStored = (): Promise<unknown[]> => ownDs.query('SELECT position::text FROM projection_failures');
        const expected = isolated.map(() => ({ position: `${bad.position}` }));
        const live = await rows();
        expect(live.length).toBeGreaterThan(REBUILD_PAGE);
        expect(await failuresStored()).toEqual(expected);

        failed = 0;
        await runner.rebuild();
        expect(threadPages).toEqual([log[0]!.position]);
        expect(await rows()).toEqual(live);
        expect(await failuresStored()).toEqual(expected);
      } finally {
        await ownDs.destroy();
        await own.drop();
      }
    },
  );
});
