import type { RecordedEvent } from '../../application/ports/event-store.port';

/** The slice of a database transaction a projection gets: parameterized SQL, nothing else. */
export interface SqlTx {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
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
  apply(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void>;
}

export const PROJECTIONS = Symbol('PROJECTIONS');
