/**
 * Figure 3, rebuild: every read model emptied and replayed from the whole log (ProjectionRunner.rebuild, the
 * service's own code path), in events per second. Ceiling, in the same run on the same data: read the same log
 * page by page with plain pg and write ONE row per event (the event row itself) with batched multi-row INSERTs, one
 * transaction per page: the least work any rebuild must do. Ratio = rebuild / ceiling.
 */
import { Client } from 'pg';
import type { ProjectionRunner } from '../src/projections/runner/projection-runner';

const PAGE = 5_000;
const ROWS_PER_INSERT = 1_000;
const COLS = 7;

export interface RebuildFigure {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  ceilingEventsPerSecond: number;
  ratio: number;
}

export async function rebuildCeiling(
  url: string,
): Promise<{ events: number; seconds: number; eventsPerSecond: number }> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(`DROP TABLE IF EXISTS bench_rebuild_ceiling;
      CREATE TABLE bench_rebuild_ceiling (position bigint PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, event_id uuid NOT NULL,
        type text NOT NULL, data json NOT NULL, metadata json NOT NULL)`);
    const t0 = performance.now();
    let after = '-1';
    let events = 0;
    for (;;) {
      const { rows } = await db.query<{
        position: string;
        stream_id: string;
        revision: string;
        event_id: string;
        type: string;
        data: string;
        metadata: string;
      }>(
        `SELECT position::text, stream_id, revision::text, event_id::text, type, data::text, metadata::text FROM events
          WHERE position > $1::bigint AND tx_id < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY events.position LIMIT ${PAGE}`,
        [after],
      );
      if (rows.length === 0) break;
      await db.query('BEGIN');
      for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        const chunk = rows.slice(start, start + ROWS_PER_INSERT);
        const values: unknown[] = [];
        const tuples = chunk.map((r, i) => {
          values.push(r.position, r.stream_id, r.revision, r.event_id, r.type, r.data, r.metadata);
          return `(${Array.from({ length: COLS }, (_, c) => `$${i * COLS + c + 1}`).join(',')})`;
        });
        await db.query(`INSERT INTO bench_rebuild_ceiling VALUES ${tuples.join(',')}`, values);
      }
      await db.query('COMMIT');
      events += rows.length;
      after = rows[rows.length - 1]!.position;
    }
    const seconds = (performance.now() - t0) / 1000;
    return { events, seconds, eventsPerSecond: events / seconds };
  } finally {
    await db.query('DROP TABLE IF EXISTS bench_rebuild_ceiling').catch(() => undefined);
    await db.end();
  }
}

/** The rebuild's events per second, and how many seconds each part took (each projection's replay, from the start). */
export async function rebuildReadModels(
  runner: ProjectionRunner,
): Promise<{ events: number; seconds: number; eventsPerSecond: number; parts: Record<string, number> }> {
  const parts: Record<string, number> = {};
  const t0 = performance.now();
  const { events } = await runner.rebuild(undefined, (part, ms) => (parts[part] = Math.round(ms) / 1000));
  const seconds = (performance.now() - t0) / 1000;
  return { events, seconds, eventsPerSecond: events / seconds, parts };
}
