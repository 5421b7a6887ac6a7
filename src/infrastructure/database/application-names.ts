/**
 * application_name of the service's PostgreSQL connections (pg_stat_activity shows who holds what). The first two
 * never append events, and the event store's readers rely on that: their transactions do not hold back the log
 * (READ_HORIZON in postgres-event-store.sql.ts).
 */
export const READ_MODELS_APPLICATION = 'texting-read-models';
export const REBUILD_APPLICATION = 'texting-rebuild';
/** Connections whose transactions never insert into the event store's tables. */
export const NON_APPENDING_APPLICATIONS = [READ_MODELS_APPLICATION, REBUILD_APPLICATION] as const;
