import type { RecordedEvent } from '../../application/ports/event-store.port';

/** The slice of a database transaction a projection gets: parameterized SQL, nothing else. */
export interface SqlTx {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Rebuilds only, on the transactions that fill its fresh tables: loads rows into `table` by COPY, from `text` in
   * COPY's text format (copy-text.ts), or its UTF-8 bytes. False when a row's key was there already: nothing of them is loaded then (a
   * savepoint), and the caller writes them the live way. Live transactions have none.
   */
  copy?(table: string, columns: readonly string[], text: string | Uint8Array): Promise<boolean>;
}

/**
 * A read model fed by the log. `apply` receives events in log order that it has not seen (the runner filters
 * by the checkpoint) and writes its rows in the SAME transaction as its checkpoint: a crash or a replay
 * never double-counts.
 */
export interface Projection {
  readonly name: string;
  /** Tables it owns, emptied by a rebuild (in this order). */
  readonly tables: readonly string[];
  /**
   * Optional: the indexes of its tables, besides their primary keys, that its writer reads through, each as
   * `table (column, ...)`. A rebuild creates these and the primary keys before it loads its fresh tables, every other
   * index after the load (rebuild-tables.ts).
   */
  readonly readIndexes?: readonly string[];
  apply(tx: SqlTx, events: readonly RecordedEvent[], prepared?: unknown): Promise<void>;
  /**
   * Optional: the part of `apply` that needs no database (building rows, hashing), done for a batch ahead of time, so
   * that a rebuild does it while PostgreSQL still writes the batch before. It must depend on nothing but the events:
   * `apply` then gets its result as `prepared`, for exactly those events.
   */
  prepare?(events: readonly RecordedEvent[]): unknown;
  /**
   * Optional, rebuilds only: a preparation for one rebuild, run beside it (e.g. in a worker thread), for work that
   * carries from page to page (the communication log's chains). It is given every page in order, starting from the
   * rebuild's empty tables; `apply` gets its result for a page as `prepared`. That result holds only while every
   * page before it was applied whole with its own (IsolatingWriter.write): at the first that was not, the rebuild
   * closes it and goes on with `prepare`, as it does when it refuses a page.
   */
  rebuildPreparation?(): RebuildPreparation;
}

/** See Projection.rebuildPreparation. */
export interface RebuildPreparation {
  prepare(events: readonly RecordedEvent[]): Promise<unknown>;
  close(): Promise<void>;
}

export const PROJECTIONS = Symbol('PROJECTIONS');
