import type { Pool } from 'pg';

export interface EventStoreSchemaOptions {
  /** PostgreSQL schema holding the tables. Default `public`. */
  schema?: string;
}

/** Lower-case identifiers only: the name is spliced into SQL, a NOTIFY channel and prepared statement names. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

export function validSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid event store schema name "${schema}" (want ${SCHEMA_NAME})`);
  return schema;
}

/**
 * Creates the event store tables if they are missing. Idempotent and safe to run from several processes at once:
 * concurrent CREATE ... IF NOT EXISTS can still collide in the catalog, so creators queue on an advisory lock.
 */
export async function ensureSchema(pool: Pool, options: EventStoreSchemaOptions = {}): Promise<void> {
  const schema = validSchemaName(options.schema ?? 'public');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1), 0)', [`${schema}.event-store-schema`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS "${schema}".streams (
        stream_id text PRIMARY KEY,
        revision bigint NOT NULL
      )`);
    // position = transaction id * 2^20 + index in the append; see postgres-event-store.ts for why.
    await client.query(`
      CREATE TABLE IF NOT EXISTS "${schema}".events (
        position bigint PRIMARY KEY,
        tx_id xid8 NOT NULL,
        stream_id text NOT NULL,
        revision bigint NOT NULL,
        event_id uuid NOT NULL CONSTRAINT events_event_id_unique UNIQUE,
        type text NOT NULL,
        data json NOT NULL,
        metadata json NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_revision_unique UNIQUE (stream_id, revision)
      )`);
    // The log is append-only: the service's role has no UPDATE, DELETE or TRUNCATE on it (database-roles.ts), and
    // TRUNCATE, which no row trigger sees, is refused here even for the owner.
    await client.query(`
      CREATE OR REPLACE FUNCTION "${schema}".events_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events is append-only: TRUNCATE is not allowed' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await client.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'events_no_truncate' AND tgrelid = '"${schema}".events'::regclass) THEN
          CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON "${schema}".events
            FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".events_no_truncate();
        END IF;
      END $$`);
    // Event bodies are kept as the JSON text the service wrote (json, not jsonb): only the time is ever read from
    // inside them (occurred_at, below), every read hands them back as text, and jsonb would parse them into its binary form on every append and print them
    // again on every read. A store created with jsonb (before this change) is converted once, here.
    await client.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = '${schema}' AND table_name = 'events'
                   AND column_name IN ('data', 'metadata') AND data_type = 'jsonb') THEN
          ALTER TABLE "${schema}".events ALTER COLUMN data TYPE json USING data::json,
                                         ALTER COLUMN metadata TYPE json USING metadata::json;
        END IF;
      END $$`);
    // Each event's time as the service wrote it (metadata.occurredAt, read by ->> as JSON.parse reads it), kept by
    // PostgreSQL beside the json when the row is written: the record as of a moment is cut at it
    // (postgres-stream-as-of.ts) without parsing every row's metadata on every read. Metadata holding any \u escape
    // gets no value (NULL): ->> refuses "\u0000" and unpaired surrogates anywhere in the object, and a refusal here
    // would refuse the append; such a row is read by every cut and judged in the service. A store made before it gets
    // the column once, here (PostgreSQL rewrites the table; no row trigger fires, nothing in the log changes).
    await client.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = '${schema}' AND table_name = 'events'
                       AND column_name = 'occurred_at') THEN
          ALTER TABLE "${schema}".events
            ADD COLUMN occurred_at text GENERATED ALWAYS AS (
              CASE WHEN strpos(metadata::text, '\\u') = 0 THEN metadata ->> 'occurredAt' END) STORED;
        END IF;
      END $$`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
