import type { Client } from 'pg';
import type { EventStore, RecordedEvent } from '../../application/ports/event-store.port';
import { holdBack } from './isolating-writer';
import { pgSqlTx } from './pg-sql-tx';
import type { PoolClient } from 'pg';
import type { Projection } from './projection';
import { REBUILD_SCHEMA } from './rebuild-tables';

/**
 * Swaps the rebuilt tables in, in ONE transaction on `owner` (a connection of its own: it changes search_path, which
 * prepared statements of a pooled connection would keep). The live checkpoints are locked first, so the live runner
 * waits; events it applied meanwhile beyond what the rebuild read are applied to the new tables here. Triggers, the
 * views over the old tables and every privilege granted on either are re-created on the new ones, and each rebuilt
 * projection's failures and incomplete marks replace the old ones. Anything failing rolls it all back: the live
 * tables stay as they were.
 */
export async function swapRebuiltTables(
  owner: Client,
  store: EventStore,
  projections: readonly Projection[],
): Promise<void> {
  const names = projections.map((p) => p.name);
  const tables = projections.flatMap((p) => p.tables);
  await owner.query('BEGIN');
  try {
    const live = await positions(owner, 'public', names, true);
    const rebuilt = await positions(owner, REBUILD_SCHEMA, names, false);
    await owner.query(`SET LOCAL search_path = ${REBUILD_SCHEMA}, public`);
    for (const projection of projections)
      await catchUp(owner, store, projection, rebuilt.get(projection.name) ?? -1n, live.get(projection.name) ?? -1n);
    await owner.query('SET LOCAL search_path = public');
    const regclasses = tables.map((t) => `'public.${t}'::regclass`).join(', ');
    const triggers = (
      await owner.query<{ def: string }>(
        `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN (${regclasses}) ORDER BY oid`,
      )
    ).rows.map((r) => r.def);
    const views = (
      await owner.query<{ name: string; def: string }>(
        `SELECT DISTINCT v.oid, v.oid::regclass::text AS name, pg_get_viewdef(v.oid) AS def FROM pg_depend d
         JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
        WHERE v.relkind = 'v' AND d.refobjid IN (${regclasses}) ORDER BY v.oid`,
      )
    ).rows;
    const relations = [...tables.map((t) => `public.${t}`), ...views.map((v) => v.name)]
      .map((r) => owner.escapeLiteral(r))
      .join(', ');
    const grants = (
      await owner.query<{ name: string; privilege: string; grantee: string }>(
        `SELECT c.oid::regclass::text AS name, a.privilege_type AS privilege,
              CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee
         FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
        WHERE c.oid IN (SELECT r::regclass FROM unnest(ARRAY[${relations}]) r) AND a.grantee <> c.relowner`,
      )
    ).rows;
    // The old tables go first: the copies carry the same index and constraint names. One transaction: no reader
    // ever sees neither.
    await owner.query(
      tables
        .map((t) => `DROP TABLE public.${t} CASCADE; ALTER TABLE ${REBUILD_SCHEMA}.${t} SET SCHEMA public;`)
        .join('\n'),
    );
    for (const def of triggers) await owner.query(def);
    for (const v of views) await owner.query(`CREATE VIEW ${v.name} AS ${v.def}`);
    for (const g of grants) await owner.query(`GRANT ${g.privilege} ON ${g.name} TO ${g.grantee}`);
    for (const table of ['projection_incomplete', 'projection_failures']) {
      await owner.query(
        `DELETE FROM public.${table} WHERE projection = ANY(${textArray(owner, names)}); INSERT INTO public.${table} SELECT * FROM ${REBUILD_SCHEMA}.${table}`,
      );
    }
    for (const name of names) {
      const position = [live.get(name), rebuilt.get(name)].reduce<bigint>(
        (a, b) => (b !== undefined && b > a ? b : a),
        -1n,
      );
      if (position < 0n) continue;
      await owner.query(
        `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
        ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
        [name, position.toString()],
      );
    }
    await owner.query(`DROP SCHEMA ${REBUILD_SCHEMA} CASCADE`);
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function positions(
  q: Client,
  schema: string,
  names: readonly string[],
  lock: boolean,
): Promise<Map<string, bigint>> {
  const { rows } = await q.query<{ name: string; position: string }>(
    `SELECT name, position::text AS position FROM ${schema}.projection_checkpoints WHERE name = ANY($1)${lock ? ' FOR UPDATE' : ''}`,
    [names],
  );
  return new Map(rows.map((r) => [r.name, BigInt(r.position)]));
}

/** Applies (from, to] to the rebuilt tables (search_path points there), holding back subjects the rebuild isolated. */
async function catchUp(q: Client, store: EventStore, projection: Projection, from: bigint, to: bigint): Promise<void> {
  // A connection of its own, ended after the swap: its prepared statements never meet the live search_path.
  const tx = pgSqlTx(q as PoolClient);
  for (let after = from; after < to;) {
    const page: RecordedEvent[] = (await store.readAll({ after, maxCount: 1000 })).filter((e) => e.position <= to);
    if (page.length === 0) return;
    after = page[page.length - 1]!.position;
    const held = new Set(
      (
        await q.query<{ subject: string }>('SELECT subject FROM projection_incomplete WHERE projection = $1', [
          projection.name,
        ])
      ).rows.map((r) => r.subject),
    );
    const apply = held.size === 0 ? page : await holdBack(tx, projection.name, page, held);
    if (apply.length > 0) await projection.apply(tx, apply);
  }
}

function textArray(q: Client, names: readonly string[]): string {
  return `ARRAY[${names.map((n) => q.escapeLiteral(n)).join(', ')}]::text[]`;
}
