import { Logger } from '@nestjs/common';
import { Client, Pool } from 'pg';
import type { AppConfig } from '../config/app-config';
import { ensureSchema } from '../event-store/postgres/postgres-event-store.schema';
import { derivedServiceUrl, ensureServiceRole, grantServiceRole } from './database-roles';
import { createReadModelDataSource } from './read-model-data-source.factory';

export interface DatabaseUrls {
  /** Owns the schema: migrations, the event store's tables, rebuilds. */
  owner: string;
  /** What the service runs as: no UPDATE, DELETE or TRUNCATE on the record. */
  service: string;
}

/** Nest token for the DatabaseUrls prepareDatabase returned. */
export const DATABASE_URLS = Symbol('DATABASE_URLS');

/**
 * Everything that needs the owner, once at start-up, before the service connects as its own role: the read models'
 * migrations, the PostgreSQL event store's tables, the service role (unless SERVICE_DATABASE_URL names one) and its
 * privileges. An owner that may not create roles, with no SERVICE_DATABASE_URL, leaves the service running as the
 * owner, with a warning: the triggers still refuse changes to the record, but privileges no longer back them.
 */
export async function prepareDatabase(config: AppConfig): Promise<DatabaseUrls> {
  const owner = config.databaseUrl;
  if (!owner) throw new Error('prepareDatabase needs DATABASE_URL (the owner)');
  const migrations = await createReadModelDataSource(owner, 2);
  await migrations.destroy();
  if (config.eventStore === 'postgres') {
    const pool = new Pool({ connectionString: owner, max: 1, application_name: 'texting-setup' });
    pool.on('error', () => undefined);
    try {
      await ensureSchema(pool);
    } finally {
      await pool.end();
    }
  }
  const client = new Client({ connectionString: owner, application_name: 'texting-setup' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    let service = config.serviceDatabaseUrl ?? derivedServiceUrl(owner);
    if (config.serviceDatabaseUrl === undefined) {
      try {
        await ensureServiceRole(client, service);
      } catch (error) {
        if ((error as { code?: unknown }).code !== '42501') throw error;
        new Logger('DatabaseRoles').warn(
          'The DATABASE_URL role may not create roles and SERVICE_DATABASE_URL is not set: the service runs as the owner (README: Database roles).',
        );
        service = owner;
      }
    }
    if (service !== owner) await grantServiceRole(client, service);
    return { owner, service };
  } finally {
    await client.end().catch(() => undefined);
  }
}
