import { createHash } from 'node:crypto';
import type { Client } from 'pg';

/** The login role the service runs as when SERVICE_DATABASE_URL does not name one (README: Database roles). */
export const SERVICE_ROLE = 'texting_service';
/** The record: appended to, never changed or removed (the access record is kept in `events` too). */
export const APPEND_ONLY_TABLES = ['events', 'communication_log'] as const;

/**
 * The service's own connection URL when none is configured: the owner's URL with SERVICE_ROLE and a password derived
 * from the owner's (so every replica computes the same one, and it is as secret as the owner's).
 */
export function derivedServiceUrl(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  const password = createHash('sha256')
    .update(`${SERVICE_ROLE}:${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`)
    .digest('hex')
    .slice(0, 40);
  url.username = SERVICE_ROLE;
  url.password = password;
  return url.toString();
}

/** Creates (or updates the password of) the derived service role; run as the owner, who needs CREATEROLE. */
export async function ensureServiceRole(owner: Client, serviceUrl: string): Promise<void> {
  const url = new URL(serviceUrl);
  const role = owner.escapeIdentifier(decodeURIComponent(url.username));
  const password = owner.escapeLiteral(decodeURIComponent(url.password));
  // Roles are cluster-wide: two databases (or replicas) may create it at once; the loser finds it there.
  await owner.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${owner.escapeLiteral(decodeURIComponent(url.username))}) THEN
        CREATE ROLE ${role} LOGIN PASSWORD ${password};
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
  await owner.query(`ALTER ROLE ${role} LOGIN PASSWORD ${password}`);
}

/**
 * What the service role may do, re-applied at every start after the migrations (new tables included): read and
 * write its working tables, but on the record only SELECT and INSERT. UPDATE, DELETE and TRUNCATE on the record are
 * refused by the database itself, whatever the code does. Schema changes, rebuilds and migrations run as the owner.
 */
export async function grantServiceRole(owner: Client, serviceUrl: string): Promise<void> {
  const role = owner.escapeIdentifier(decodeURIComponent(new URL(serviceUrl).username));
  const { rows } = await owner.query<{ name: string }>(
    `SELECT t AS name FROM unnest($1::text[]) t WHERE to_regclass('public.' || t) IS NOT NULL`,
    [[...APPEND_ONLY_TABLES]],
  );
  await owner.query(`
    DO $$ BEGIN EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO ${role.replace(/'/g, "''")}', current_database()); END $$;
    GRANT USAGE ON SCHEMA public TO ${role};
    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role};
    REVOKE INSERT, UPDATE, DELETE ON read_model_migrations FROM ${role};
    ${rows.map((t) => `REVOKE UPDATE, DELETE, TRUNCATE ON ${t.name} FROM ${role};`).join('\n')}`);
}
