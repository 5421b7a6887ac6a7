import type { Client, Pool } from 'pg';
import type { Projection } from './projection';

/** The schema a rebuild writes into, beside the live tables; its tables move into `public` only when it is done. */
export const REBUILD_SCHEMA = 'read_model_rebuild';
/** Tables every rebuild has of its own: its checkpoints and its isolated failures. */
const BOOKKEEPING = ['projection_checkpoints', 'projection_incomplete', 'projection_failures'];
/** Sort memory for each index built after the load (per connection; PostgreSQL's default is 64MB). */
const INDEX_BUILD_MEMORY = '256MB';
/** How many tables' indexes are built at once after the load. */
const INDEX_BUILDS = 3;

/** An index of a live table, as the rebuild re-creates it on its copy: during the load, or after it. */
interface LiveIndex {
  table: string;
  /** `table (column, ...)`: what Projection.readIndexes names. */
  columns: string;
  primary: boolean;
  /** The statement that creates it on the copy in REBUILD_SCHEMA, under the same name. */
  create: string;
}

/** The indexes to build once a rebuild's tables are loaded, by table: each list runs in order on one connection. */
export type DeferredIndexes = ReadonlyMap<string, readonly string[]>;

/**
 * Empty copies of the live tables in REBUILD_SCHEMA, after any left-over: columns, defaults, CHECK and NOT NULL
 * constraints, and of the indexes only those the load needs: the primary keys (each writer's conflicts are decided
 * on them, and its rows looked up by them) and the indexes a projection reads through (Projection.readIndexes). The
 * others are returned, to be built after the load (buildDeferredIndexes): one sort of the loaded rows each, instead
 * of an insertion per row. Every index keeps the live one's name (and so does it once swapped in). The bookkeeping
 * tables are copied whole.
 */
export async function createRebuildTables(owner: Client, projections: readonly Projection[]): Promise<DeferredIndexes> {
  const tables = projections.flatMap((p) => p.tables);
  const reads = new Set(projections.flatMap((p) => p.readIndexes ?? []));
  const indexes = await liveIndexes(owner, tables);
  const now = indexes.filter((i) => i.primary || reads.has(i.columns));
  const missing = [...reads].filter((r) => !now.some((i) => i.columns === r));
  if (missing.length > 0) throw new Error(`No live index for the rebuild to read through: ${missing.join('; ')}`);
  await owner.query(`DROP SCHEMA IF EXISTS ${REBUILD_SCHEMA} CASCADE; CREATE SCHEMA ${REBUILD_SCHEMA};
    ${tables.map((t) => `CREATE TABLE ${REBUILD_SCHEMA}.${t} (LIKE public.${t} INCLUDING ALL EXCLUDING INDEXES);`).join('\n')}
    ${now.map((i) => `${i.create};`).join('\n')}
    ${BOOKKEEPING.map((t) => `CREATE TABLE ${REBUILD_SCHEMA}.${t} (LIKE public.${t} INCLUDING ALL);`).join('\n')}`);
  const deferred = new Map<string, string[]>();
  for (const i of indexes.filter((x) => !now.includes(x)))
    deferred.set(i.table, [...(deferred.get(i.table) ?? []), i.create]);
  return deferred;
}

/**
 * The deferred indexes, each table's on one connection of `pool`, INDEX_BUILDS tables side by side (more would wait
 * for a connection of the pool, which has one per projection, and could time out there); all settled before a throw.
 */
export async function buildDeferredIndexes(pool: Pool, deferred: DeferredIndexes): Promise<void> {
  const tables = [...deferred.values()];
  const outcomes = await Promise.allSettled(
    Array.from({ length: Math.min(INDEX_BUILDS, tables.length) }, async () => {
      const client = await pool.connect();
      try {
        await client.query(`SET maintenance_work_mem = '${INDEX_BUILD_MEMORY}'`);
        for (let statements = tables.shift(); statements; statements = tables.shift())
          for (const statement of statements) await client.query(statement);
        await client.query('RESET maintenance_work_mem');
      } finally {
        client.release();
      }
    }),
  );
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}

export async function dropRebuildTables(owner: Client): Promise<void> {
  await owner.query(`DROP SCHEMA IF EXISTS ${REBUILD_SCHEMA} CASCADE`);
}

/**
 * The live tables' indexes: those behind a constraint (primary key, unique, exclusion) re-created as that
 * constraint, the others from their definition, on the copy in REBUILD_SCHEMA.
 */
async function liveIndexes(owner: Client, tables: readonly string[]): Promise<LiveIndex[]> {
  const { rows } = await owner.query<{
    table: string;
    columns: string;
    primary: boolean;
    constraint: string | null;
    definition: string;
  }>(
    `SELECT c.relname AS table, x.indisprimary AS primary,
            c.relname || ' (' || (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
                                    FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                                    JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum) || ')' AS columns,
            quote_ident(con.conname) AS constraint,
            CASE WHEN con.oid IS NULL THEN pg_get_indexdef(x.indexrelid) ELSE pg_get_constraintdef(con.oid) END AS definition
       FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid
       LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x')
      WHERE x.indrelid = ANY($1::regclass[])
      ORDER BY c.relname, x.indexrelid`,
    [tables.map((t) => `public.${t}`)],
  );
  return rows.map((r) => {
    const copy = `${REBUILD_SCHEMA}.${r.table}`;
    if (r.constraint !== null)
      return { ...r, create: `ALTER TABLE ${copy} ADD CONSTRAINT ${r.constraint} ${r.definition}` };
    const on = ` ON public.${r.table} USING `;
    if (!r.definition.includes(on)) throw new Error(`Unexpected definition of an index of ${r.table}: ${r.definition}`);
    return { ...r, create: r.definition.replace(on, ` ON ${copy} USING `) };
  });
}
