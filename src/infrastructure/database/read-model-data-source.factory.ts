import { READ_MODELS_APPLICATION } from './application-names';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pgPoolOf } from '../../projections/runner/pg-sql-tx';
import { CommunicationLogRow } from '../../projections/records/communication-log.entity';
import {
  CurrentEnrollmentRow,
  DistrictPolicyRow,
  StudentDirectoryRow,
} from '../../projections/contacts/roster.entities';
import { ThreadMessageRow, ThreadRow, UnroutedInboundRow } from '../../projections/messaging/threads.entities';
import { ReadModels1732300000000 } from './migrations/1732300000000-read-models';
import { TwilioMessaging1732600000000 } from './migrations/1732600000000-twilio-messaging';
import { LogHashChain1732500000000 } from './migrations/1732500000000-log-hash-chain';
import { AnalyticsViews1732500000100 } from './migrations/1732500000100-analytics-views';
import { ScreenIndexes1732700000000 } from './migrations/1732700000000-screen-indexes';
import { ProjectionFailures1732800000000 } from './migrations/1732800000000-projection-failures';
import { SmsSimulatorLog1732800000120 } from './migrations/1732800000120-sms-simulator-log';
import { SenderPools1733200000000 } from './migrations/1733200000000-sender-pools';
import { ListedContacts1733300000000 } from './migrations/1733300000000-listed-contacts';
import { Inbox1733400000000 } from './migrations/1733400000000-inbox';
import { DistrictScopedStudents1733500000000 } from './migrations/1733500000000-district-scoped-students';
import { DistrictScopedAnalytics1733600000000 } from './migrations/1733600000000-district-scoped-analytics';
import { AnalyticsDistrictDays1733700000000 } from './migrations/1733700000000-analytics-district-days';
import { InboxChangesPruned1733800000000 } from './migrations/1733800000000-inbox-changes-pruned';
import { guardPool, pgClientConfig, type DatabaseTimeouts } from './pg-connection';

export const READ_MODEL_ENTITIES = [
  DistrictPolicyRow,
  StudentDirectoryRow,
  CurrentEnrollmentRow,
  ThreadRow,
  ThreadMessageRow,
  UnroutedInboundRow,
  CommunicationLogRow,
];
export const READ_MODEL_MIGRATIONS = [
  ReadModels1732300000000,
  LogHashChain1732500000000,
  AnalyticsViews1732500000100,
  TwilioMessaging1732600000000,
  ScreenIndexes1732700000000,
  ProjectionFailures1732800000000,
  SmsSimulatorLog1732800000120,
  SenderPools1733200000000,
  ListedContacts1733300000000,
  Inbox1733400000000,
  DistrictScopedStudents1733500000000,
  DistrictScopedAnalytics1733600000000,
  AnalyticsDistrictDays1733700000000,
  InboxChangesPruned1733800000000,
];

/** Serializes start-up schema work across replicas starting at once. */
export const SCHEMA_LOCK_KEY = 727_001;

/**
 * The read models' DataSource: migrations only, never `synchronize`. With `timeouts`, every connection carries the
 * statement, lock and connect timeouts (pg-connection.ts) and its pool survives the server going away. `migrate:
 * false`: the migrations ran already (prepareDatabase, as the owner).
 */
export async function createReadModelDataSource(
  url: string,
  poolSize = 10,
  timeouts?: DatabaseTimeouts,
  options: { migrate?: boolean } = {},
): Promise<DataSource> {
  const { connectionString: _url, ...connection } = timeouts
    ? pgClientConfig(url, timeouts, READ_MODELS_APPLICATION)
    : { connectionString: url };
  const ds = new DataSource({
    type: 'postgres',
    url,
    entities: READ_MODEL_ENTITIES,
    migrations: READ_MODEL_MIGRATIONS,
    migrationsTableName: 'read_model_migrations',
    synchronize: false,
    logging: false,
    extra: { application_name: READ_MODELS_APPLICATION, ...connection, max: poolSize },
  });
  await ds.initialize();
  const pool = pgPoolOf(ds);
  if (pool) guardPool(pool, new Logger('ReadModelDatabase'), 'read-models');
  // The service's own role cannot migrate: prepareDatabase ran them as the owner.
  if (options.migrate === false) return ds;
  await ds.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK_KEY]);
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK_KEY]);
  }
  return ds;
}
