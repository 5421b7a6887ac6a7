import { validSchemaName } from './postgres-event-store.schema';
import { POSITION_SHIFT, type Statement } from './postgres-event-store.sql';

/**
 * Several appends, each to its own stream, in ONE statement: one implicit transaction, one round trip, one WAL flush
 * (group commit). Parameters, one array element per append ($1-$4) or per event ($5-$10):
 *   $1 stream ids (distinct), $2 event counts, $3 modes ('no_stream' | 'any' | 'stream_exists' | 'exact'),
 *   $4 expected revisions (null unless 'exact'); $5 the event's append (1-based), $6 its index in that append
 *   (1-based), $7 ids, $8 types, $9 data, $10 metadata.
 *
 * Ordering, as for a single append (postgres-event-store.sql.ts): `locked` takes every stream's advisory lock, in
 * ascending key order (so two groups never deadlock on each other), before the first write assigns the transaction
 * id. Every writing sub-statement joins the one-row `locked`, and that row exists only once all locks are held.
 * All events of the group share the transaction id; the low bits of a position are the event's index in the whole
 * group, so per stream, revision order and position order still agree, and the readers' xmin rule is unchanged.
 *
 * Each append's expected-revision check is its own: an append whose check fails moves no stream head, so its events
 * join no head and are not inserted, and the others commit. It answers written = 0 and the caller decides between
 * a repeat and a conflict, exactly as for one append. Any ERROR (an event id already stored, the database going
 * away) aborts the whole statement: nothing of the group is written.
 */
export function groupAppendStatement(schema: string): Statement {
  const s = validSchemaName(schema);
  return {
    name: `es_${s}_append_group`,
    text: `
      WITH locked AS MATERIALIZED (
        SELECT count(pg_advisory_xact_lock(hashtext('${s}.streams'), k.key)) AS held
        FROM (SELECT DISTINCT hashtext(x) AS key FROM unnest($1::text[]) AS x ORDER BY 1) AS k
      ),
      req AS MATERIALIZED (
        SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[]) WITH ORDINALITY AS r(stream_id, n, mode, expected, ord)
      ),
      moved AS (
        UPDATE "${s}".streams AS st SET revision = st.revision + r.n FROM req AS r, locked
        WHERE r.mode IN ('exact', 'stream_exists') AND st.stream_id = r.stream_id
          AND (r.mode = 'stream_exists' OR st.revision = r.expected)
        RETURNING st.stream_id, st.revision
      ),
      upserted AS (
        INSERT INTO "${s}".streams AS st (stream_id, revision)
        SELECT r.stream_id, r.n - 1 FROM req AS r, locked WHERE r.mode = 'any'
        ON CONFLICT (stream_id) DO UPDATE SET revision = st.revision + excluded.revision + 1
        RETURNING st.stream_id, st.revision
      ),
      created AS (
        INSERT INTO "${s}".streams (stream_id, revision)
        SELECT r.stream_id, r.n - 1 FROM req AS r, locked WHERE r.mode = 'no_stream'
        ON CONFLICT (stream_id) DO NOTHING
        RETURNING stream_id, revision
      ),
      head AS (SELECT * FROM moved UNION ALL SELECT * FROM upserted UNION ALL SELECT * FROM created),
      inserted AS (
        INSERT INTO "${s}".events (position, tx_id, stream_id, revision, event_id, type, data, metadata)
        SELECT pg_current_xact_id()::text::bigint * ${POSITION_SHIFT} + e.ord - 1, pg_current_xact_id(), r.stream_id,
               head.revision - r.n + e.k, e.id, e.type, e.data, e.metadata
        FROM unnest($5::int[], $6::int[], $7::uuid[], $8::text[], $9::json[], $10::json[])
               WITH ORDINALITY AS e(a, k, id, type, data, metadata, ord)
             JOIN req AS r ON r.ord = e.a
             JOIN head ON head.stream_id = r.stream_id
        RETURNING stream_id, revision, position
      ),
      notified AS (
        SELECT pg_notify('${s}_events', max(position)::text) AS sent FROM inserted HAVING count(*) > 0
      )
      SELECT r.ord::int AS ord, count(i.position)::int AS written, max(i.revision)::text AS revision,
             max(i.position)::text AS position, (SELECT count(*) FROM notified)::int AS notified
      FROM req AS r LEFT JOIN inserted AS i ON i.stream_id = r.stream_id
      GROUP BY r.ord ORDER BY r.ord`,
  };
}
