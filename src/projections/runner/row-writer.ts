import { arrayLiteral } from './array-literal';
import { copyText } from './copy-text';
import type { SqlTx } from './projection';

/**
 * A read-model table as its set-based writer sees it: its columns with their PostgreSQL types (the row objects use the
 * column names as keys) and its key. A column typed `text[]` is passed as JSON and turned back into an array.
 */
export interface TableSpec<R> {
  table: string;
  key: readonly (keyof R & string)[];
  columns: { readonly [K in keyof R & string]: string };
}

/** Values as node-postgres binds them (undefined is NULL; numbers and the like become their text). */
export const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Row fields equal (as the writer would write them): a row that did not change is not written again. */
export function sameRow<R extends object>(a: R, b: R): boolean {
  for (const k of Object.keys(a) as (keyof R)[]) if (a[k] !== b[k]) return false;
  return true;
}

/** The changed rows of one table in a batch: written (inserted or replaced whole) and removed by key. */
export interface TableChanges<R> {
  upserts: readonly R[];
  /** Keys of rows to remove: one value per key column, in the key's order. */
  deletes?: readonly (readonly string[])[];
  /** Insert-only tables: a row already there is left as it is (ON CONFLICT DO NOTHING), never replaced. */
  insertOnly?: boolean;
  /** Rows the writer loaded (so they are there): written by an UPDATE by key, cheaper than an insert that conflicts. */
  loaded?: (row: R) => boolean;
  /**
   * Rows the writer knows are not in the table yet (it looked their keys up and found none, or they are of the
   * batch's own events). A rebuild COPYs them into its fresh tables (SqlTx.copy); live, they are inserted as the
   * others. Unset: the rows `loaded` does not claim, when it is given.
   */
  fresh?: (row: R) => boolean;
  /**
   * A further set-based change to other rows of the table, as a data-modifying CTE joined into the same statement
   * (e.g. a fan-out by another column). Its rows must be disjoint from the upserts' and deletes' ones. `$n` in its
   * SQL counts from 1 over `params`.
   */
  also?: { sql: (offset: number) => string; params: unknown[] };
}

/** A table's changes, with the spec that says how to write them. */
export interface TableWrite<R extends object = object> {
  spec: TableSpec<R>;
  changes: TableChanges<R>;
}

export const tableWrite = <R extends object>(spec: TableSpec<R>, changes: TableChanges<R>): TableWrite =>
  ({ spec, changes }) as unknown as TableWrite;

/**
 * ONE statement for a batch's changes to the given tables, whatever their number: the rows as arrays, one per column
 * (unnest), written whole by key (the rows are loaded then folded): those loaded by an UPDATE, the others inserted
 * (a conflict replaces the row), the removed keys deleted, each part a data-modifying CTE of the same statement. Its text depends on which parts there are,
 * never on the row count, so it is prepared once (pg-sql-tx.ts). Nothing to write: no statement.
 * In a rebuild (SqlTx.copy), the fresh rows (TableChanges.fresh) are loaded by COPY after that statement instead.
 */
export async function writeTables(tx: SqlTx, writes: readonly TableWrite[]): Promise<void> {
  if (!tx.copy) return writeStatement(tx, writes);
  const copies: TableWrite[] = [];
  const rest = writes.map((write) => {
    const { changes } = write;
    const loaded = changes.loaded;
    const fresh = changes.fresh ?? (loaded && !changes.insertOnly ? (r: object) => !loaded(r) : undefined);
    const rows = fresh ? changes.upserts.filter(fresh) : [];
    if (rows.length === 0) return write;
    copies.push({ spec: write.spec, changes: { upserts: rows, insertOnly: changes.insertOnly } });
    return { spec: write.spec, changes: { ...changes, upserts: changes.upserts.filter((r) => !fresh!(r)) } };
  });
  await writeStatement(tx, rest);
  for (const write of copies) {
    // A row that was there after all (a conflict on the key): the table's fresh rows go the live way instead.
    const columns = write.spec.columns as Record<string, string>;
    if (!(await tx.copy(write.spec.table, Object.keys(columns), copyText(columns, write.changes.upserts))))
      await writeStatement(tx, [write]);
  }
}

/** writeTables' one statement, for every row (live) or those a rebuild does not COPY. */
async function writeStatement(tx: SqlTx, writes: readonly TableWrite[]): Promise<void> {
  const parts: string[] = [];
  const params: unknown[] = [];
  writes.forEach(({ spec, changes }, t) => {
    const deletes = changes.deletes ?? [];
    if (deletes.length > 0) {
      const arrays = spec.key.map((_k, i) => {
        params.push(arrayLiteral(deletes.map((key) => key[i])));
        return `$${params.length}::text[]`;
      });
      parts.push(
        `d${t} AS (DELETE FROM ${spec.table} WHERE (${spec.key.join(', ')}) IN (SELECT * FROM unnest(${arrays.join(', ')})))`,
      );
    }
    if (changes.also) {
      parts.push(`a${t} AS (${changes.also.sql(params.length)})`);
      params.push(...changes.also.params);
    }
    const columns = spec.columns as Record<string, string>;
    const names = Object.keys(columns);
    const keys = spec.key as readonly string[];
    const rest = names.filter((n) => !keys.includes(n));
    /** The rows as one array parameter per column, and the expression that reads each column from `u`. */
    const unnest = (rows: readonly object[]): { from: string; value: (n: string) => string } => {
      const arrays = names.map((name) => {
        const array = columns[name] === 'text[]';
        params.push(
          arrayLiteral(
            rows.map((r) =>
              array ? JSON.stringify((r as Record<string, unknown>)[name]) : (r as Record<string, unknown>)[name],
            ),
          ),
        );
        return `$${params.length}::${array ? 'jsonb' : columns[name]}[]`;
      });
      return {
        from: `unnest(${arrays.join(', ')}) AS u(${names.join(', ')})`,
        value: (n) => (columns[n] === 'text[]' ? `ARRAY(SELECT jsonb_array_elements_text(u.${n}))` : `u.${n}`),
      };
    };
    const there =
      changes.loaded && !changes.insertOnly && rest.length > 0 ? changes.upserts.filter(changes.loaded) : [];
    const fresh = there.length === 0 ? changes.upserts : changes.upserts.filter((r) => !changes.loaded!(r));
    if (there.length > 0) {
      const u = unnest(there);
      parts.push(`w${t} AS (UPDATE ${spec.table} AS t SET ${rest.map((n) => `${n} = ${u.value(n)}`).join(', ')} FROM ${u.from}
        WHERE ${keys.map((k) => `t.${k} = u.${k}`).join(' AND ')})`);
    }
    if (fresh.length === 0) return;
    const u = unnest(fresh);
    const conflict =
      changes.insertOnly || rest.length === 0
        ? 'DO NOTHING'
        : `DO UPDATE SET ${rest.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}`;
    parts.push(`u${t} AS (INSERT INTO ${spec.table} (${names.join(', ')}) SELECT ${names.map(u.value).join(', ')} FROM ${u.from}
      ON CONFLICT (${spec.key.join(', ')}) ${conflict})`);
  });
  if (parts.length === 0) return;
  await tx.query(`WITH ${parts.join(', ')} SELECT 1`, params);
}

/** writeTables for one table. */
export function writeTable<R extends object>(tx: SqlTx, spec: TableSpec<R>, changes: TableChanges<R>): Promise<void> {
  return writeTables(tx, [tableWrite(spec, changes)]);
}

/**
 * Runs a read of several row sets in one round trip: `sql` selects one json column per set (json_agg of its rows,
 * or '[]'), and the answer is those sets, parsed.
 */
export async function loadSets<T extends Record<string, unknown[]>>(
  tx: SqlTx,
  sql: string,
  params: unknown[],
): Promise<T> {
  const [row] = await tx.query<Record<string, unknown[] | null>>(sql, params);
  const out: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(row ?? {})) out[k] = v ?? [];
  return out as T;
}
