import type { QueryConfig, QueryResultRow } from 'pg';
import {
  ConcurrencyError,
  type AppendResult,
  type EventToAppend,
  type ExpectedRevision,
} from '../../../application/ports/event-store.port';
import { repeatedAppendResult } from '../repeated-append';
import { isUniqueViolation } from './postgres-errors';
import { MAX_EVENTS_PER_APPEND, type AppendMode, type EventStoreSql } from './postgres-event-store.sql';

/** Anything that runs a query: a Pool (autocommit), a PoolClient or a Client (maybe inside a transaction). */
export interface Queryable {
  query<R extends QueryResultRow>(config: QueryConfig): Promise<{ rows: R[] }>;
}

interface AppendRow {
  written: number;
  revision: string | null;
  position: string | null;
}

/**
 * Appends in ONE statement. On a Pool that statement is its own transaction. Inside an explicit transaction it
 * must be that transaction's first write and its only append: the position ordering argument relies on the
 * transaction id being assigned after the stream lock, and the low position bits are the index within one append.
 */
export async function appendEvents(
  db: Queryable,
  sql: EventStoreSql,
  streamId: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  checkAppendSize(streamId, events);
  const mode: AppendMode = typeof expected === 'bigint' ? 'exact' : expected;
  const values: unknown[] = [
    streamId,
    String(events.length),
    events.map((e) => e.id),
    events.map((e) => e.type),
    events.map((e) => JSON.stringify(e.data ?? null)),
    events.map((e) => JSON.stringify(e.metadata)),
  ];
  if (typeof expected === 'bigint') values.push(expected.toString());
  let row: AppendRow;
  try {
    row = (await db.query<AppendRow>({ ...sql.append[mode], values })).rows[0]!;
  } catch (error) {
    // The stream lock makes this unreachable for our own appends; it guards against writers that bypass it.
    // Inside an explicit transaction the lookup fails (transaction aborted): then the original error stands.
    if (isUniqueViolation(error, 'events_stream_revision_unique')) {
      const actual = await currentRevision(db, sql, streamId).catch(() => Promise.reject(error as Error));
      throw new ConcurrencyError(streamId, expected, actual);
    }
    if (isUniqueViolation(error, 'events_event_id_unique')) {
      // A repeat of a committed append (a retry of unknown outcome) is answered with its original result.
      const repeat = await repeatOf(db, sql, streamId, events, expected).catch(() => undefined);
      if (repeat) return repeat;
      throw new Error(`An event of this append to ${streamId} has an id that is already stored`, { cause: error });
    }
    throw error;
  }
  if (row.written === 0 || row.revision === null || row.position === null)
    return unwrittenAppend(db, sql, streamId, events, expected);
  return { nextExpectedRevision: BigInt(row.revision), position: BigInt(row.position) };
}

export function checkAppendSize(streamId: string, events: readonly EventToAppend[]): void {
  if (events.length === 0) throw new RangeError(`append to ${streamId} needs at least one event`);
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new RangeError(
      `append to ${streamId} has ${events.length} events; at most ${MAX_EVENTS_PER_APPEND} fit one append`,
    );
  }
}

/**
 * The answer to an append whose expected-revision check moved no stream head: its original result when it repeats
 * a committed append (a retry of unknown outcome), else a ConcurrencyError.
 */
export async function unwrittenAppend(
  db: Queryable,
  sql: EventStoreSql,
  streamId: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  const repeat = await repeatOf(db, sql, streamId, events, expected);
  if (repeat) return repeat;
  throw new ConcurrencyError(streamId, expected, await currentRevision(db, sql, streamId));
}

/** The original result when these events are already stored as this append would have written them (port rule). */
async function repeatOf(
  db: Queryable,
  sql: EventStoreSql,
  streamId: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
): Promise<AppendResult | undefined> {
  const { rows } = await db.query<{ id: string; stream_id: string; revision: string; position: string }>({
    ...sql.eventsById,
    values: [events.map((e) => e.id)],
  });
  const stored = rows.map((r) => ({
    id: r.id,
    streamId: r.stream_id,
    revision: BigInt(r.revision),
    position: BigInt(r.position),
  }));
  return repeatedAppendResult(stored, streamId, events, expected);
}

/** Informational only (for the error): by the time it is read the stream may have moved again. */
async function currentRevision(db: Queryable, sql: EventStoreSql, streamId: string): Promise<bigint | 'no_stream'> {
  const { rows } = await db.query<{ revision: string }>({ ...sql.currentRevision, values: [streamId] });
  return rows[0] ? BigInt(rows[0].revision) : 'no_stream';
}
