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
  deletes?: readonly string[];
  /** Insert-only tables: a row already there is left as it is (ON CONFLICT DO NOTHING), never replaced. */
  insertOnly?: boolean;
  /**
   * A further set-based change to other rows of the table, as a data-modifying CTE joined into the same statement
   * (e.g. a fan-out by another column). Its rows must be disjoint from the upserts' and deletes' ones. `$n` in its
   * SQL counts from 1 over `params`.
   */
  also?: { sql: (offset: number) => string; params: unknown[] };
}

/**
 * ONE statement for a table's changes in a batch, whatever their number: the rows as arrays, one per column
 * (unnest), upserted by key (every column replaced: the rows are whole, loaded then folded), the removed keys deleted
 * in a CTE of the same statement. Nothing to write: no statement.
 */
export async function writeTable<R extends object>(tx: SqlTx, spec: TableSpec<R>, changes: TableChanges<R>): Promise<void> {
  const deletes = changes.deletes ?? [];
  const parts: string[] = [];
  const params: unknown[] = [];
  if (deletes.length > 0) {
    if (spec.key.length !== 1) throw new Error(`${spec.table}: deletes need a single-column key`);
    params.push(deletes);
    parts.push(`gone AS (DELETE FROM ${spec.table} WHERE ${spec.key[0]} = ANY($${params.length}::text[]))`);
  }
  if (changes.also) {
    parts.push(`also AS (${changes.also.sql(params.length)})`);
    params.push(...changes.also.params);
  }
  let main: string | null = null;
  if (changes.upserts.length > 0) {
    const names = Object.keys(spec.columns) as (keyof R & string)[];
    const unnest = names.map((name) => {
      params.push(changes.upserts.map((r) => (spec.columns[name] === 'text[]' ? JSON.stringify(r[name]) : r[name])));
      return `$${params.length}::${spec.columns[name] === 'text[]' ? 'jsonb' : spec.columns[name]}[]`;
    });
    const select = names.map((n) => (spec.columns[n] === 'text[]' ? `ARRAY(SELECT jsonb_array_elements_text(u.${n}))` : `u.${n}`));
    const rest = names.filter((n) => !spec.key.includes(n));
    const conflict = changes.insertOnly || rest.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${rest.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}`;
    main = `INSERT INTO ${spec.table} (${names.join(', ')}) SELECT ${select.join(', ')} FROM unnest(${unnest.join(', ')}) AS u(${names.join(', ')})
      ON CONFLICT (${spec.key.join(', ')}) ${conflict}`;
  }
  if (main === null && parts.length === 0) return;
  if (main === null) main = 'SELECT 1';
  await tx.query(parts.length > 0 ? `WITH ${parts.join(', ')} ${main}` : main, params);
}
