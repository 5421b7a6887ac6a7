import type { Pool, PoolClient, QueryConfig } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import type { SqlTx } from './projection';

/**
 * Statements with more parameters than this are not prepared (a text that varied with the row count would fill the
 * cache). The read models' writers pass rows as one array per column, so their texts never vary with the row count.
 */
const MAX_PREPARED_PARAMS = 64;
/** Bounds the prepared statements every read-model connection may hold (the projections' SQL is a fixed, small set). */
const MAX_PREPARED_STATEMENTS = 256;

/**
 * Statement names for the projections' parameterized SQL: prepared once per connection by node-postgres, then only
 * bound and executed. Most projection statements touch one row, so parsing and planning were most of their cost.
 */
class StatementNames {
  private readonly names = new Map<string, string>();

  of(text: string, params: number): string | undefined {
    if (params > MAX_PREPARED_PARAMS) return undefined;
    let name = this.names.get(text);
    if (name === undefined && this.names.size < MAX_PREPARED_STATEMENTS) {
      name = `read_model_${this.names.size}`;
      this.names.set(text, name);
    }
    return name;
  }
}

const statementNames = new StatementNames();

/** The pg Pool under the read models' TypeORM DataSource (its PostgreSQL driver keeps it as `master`). */
export function pgPoolOf(db: DataSource): Pool | undefined {
  return (db.driver as unknown as { master?: Pool }).master;
}

/**
 * A SqlTx on a plain node-postgres client inside a transaction: no TypeORM query runner per statement (logging hooks,
 * broadcasts, result wrapping), and prepared statements. Results keep the shape TypeORM's `query` gives, so
 * projections see no difference: rows, except [rows, rowCount] for UPDATE and DELETE.
 */
export function pgSqlTx(client: PoolClient, options: { copy?: boolean } = {}): SqlTx {
  const tx: SqlTx = {
    async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
      const name = statementNames.of(text, params.length);
      const config: QueryConfig = name === undefined ? { text, values: params } : { name, text, values: params };
      const r = await client.query(config);
      return (r.command === 'UPDATE' || r.command === 'DELETE' ? [r.rows, r.rowCount] : r.rows) as T[];
    },
  };
  if (options.copy) tx.copy = (table, columns, text) => copyRows(client, table, columns, text);
  return tx;
}

const UNIQUE_VIOLATION = '23505';

/**
 * SqlTx.copy: COPY FROM STDIN of `text` (one chunk; UTF-8 when bytes), inside a savepoint so that a row whose key was there already
 * undoes the COPY alone, not the transaction (the caller then writes those rows the live way). Any other error
 * aborts the transaction, as the live statement's would.
 */
async function copyRows(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  text: string | Uint8Array,
): Promise<boolean> {
  if (text.length === 0) return true;
  await client.query('SAVEPOINT fresh_rows');
  try {
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      stream.on('error', reject);
      stream.on('finish', resolve);
      stream.end(text);
    });
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== UNIQUE_VIOLATION) throw error;
    await client.query('ROLLBACK TO SAVEPOINT fresh_rows');
    return false;
  }
  await client.query('RELEASE SAVEPOINT fresh_rows');
  return true;
}

/**
 * How a projection transaction commits.
 * - `durable`: the commit waits for its WAL flush (the server's default).
 * - `live`: it does not (synchronous_commit off). A read model is derived: a server crash can only lose the last few
 *   such commits whole, each with its own checkpoint, and the runner then replays exactly those events into the
 *   same rows. The events themselves are appended durably. It saves the live projections four flush waits a batch.
 *   The runner must notice the loss itself (the event store's subscription reconnects and goes on past those events):
 *   it compares the stored checkpoints with the ones it committed (ProjectionRunner, CheckpointWentBackError).
 * - `rebuild`: as `live`, and every statement is planned for its own parameters: a rebuild starts from empty tables,
 *   and a prepared statement's generic plan made then (a sequential scan) would stay in use while the tables grow to
 *   millions of rows. Its transactions fill the rebuild's fresh tables, so they can COPY new rows (SqlTx.copy).
 */
export type CommitMode = 'durable' | 'live' | 'rebuild';

const SETTINGS: Record<CommitMode, string> = {
  durable: '',
  live: ' SET LOCAL synchronous_commit = off;',
  rebuild: ' SET LOCAL synchronous_commit = off; SET LOCAL plan_cache_mode = force_custom_plan;',
};

/**
 * One projection's transaction, in two round trips plus the projection's own statements: BEGIN with the checkpoint
 * read (row-locked, so two runners never apply the same events at once) and the subjects held as incomplete, then the
 * checkpoint write with COMMIT. Both are simple-protocol statement lists with the values as escaped literals. `work`
 * gets the checkpoint and the held subjects (isolating-writer.ts) and returns the new checkpoint (undefined: nothing
 * new, commit as is). `mode`: see CommitMode.
 */
export async function inCheckpointedTransaction(
  pool: Pool,
  name: string,
  mode: CommitMode,
  work: (tx: SqlTx, done: bigint, held: ReadonlySet<string>) => Promise<bigint | undefined>,
): Promise<void> {
  const client = await pool.connect();
  const lit = (v: string) => client.escapeLiteral(v);
  let broken: Error | undefined;
  try {
    const opened = (await client.query(
      `BEGIN;${SETTINGS[mode]} SELECT position::text AS position FROM projection_checkpoints WHERE name = ${lit(name)} FOR UPDATE;
       SELECT subject FROM projection_incomplete WHERE projection = ${lit(name)}`,
    )) as unknown as { rows: { position?: string; subject?: string }[] }[];
    const row = opened[opened.length - 2]!.rows[0];
    const held = new Set(opened[opened.length - 1]!.rows.map((r) => r.subject!));
    const next = await work(pgSqlTx(client, { copy: mode === 'rebuild' }), row ? BigInt(row.position!) : -1n, held);
    await client.query(
      next === undefined
        ? 'COMMIT'
        : `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES (${lit(name)}, ${lit(next.toString())}::bigint, now())
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now(); COMMIT`,
    );
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      // A client that cannot even roll back is not given back to the pool.
      broken = rollbackError instanceof Error ? rollbackError : new Error('ROLLBACK failed');
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
