import type { Logger } from '@nestjs/common';
import type { ClientConfig, Pool, PoolClient } from 'pg';

/** How long the service waits for PostgreSQL before it gives up and answers 503 (README: Configuration). */
export interface DatabaseTimeouts {
  /** Server side: a statement running longer is cancelled (statement_timeout). */
  statementTimeoutMs: number;
  /** Server side: waiting longer for a row or table lock fails the statement (lock_timeout). */
  lockTimeoutMs: number;
  /** Client side: opening a connection (TCP + start-up) must finish within this. */
  connectTimeoutMs: number;
  /** Server side: a session idle inside an open transaction longer than this is ended. */
  idleInTransactionTimeoutMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  statementTimeoutMs: 5_000,
  lockTimeoutMs: 3_000,
  connectTimeoutMs: 5_000,
  idleInTransactionTimeoutMs: 30_000,
};

/** The client gives up this long after the server should have (a frozen server cancels nothing itself). */
const CLIENT_MARGIN_MS = 1_000;

/**
 * node-postgres settings for one connection string with the timeouts applied on both sides. The server-side ones only
 * work while the server runs; a frozen server (SIGSTOP, a hung host) answers nothing, so only the client-side
 * query_timeout and connectionTimeoutMillis bound the wait there.
 */
export function pgClientConfig(
  connectionString: string,
  timeouts: DatabaseTimeouts,
  applicationName: string,
): ClientConfig {
  return {
    connectionString,
    application_name: applicationName,
    statement_timeout: timeouts.statementTimeoutMs,
    lock_timeout: timeouts.lockTimeoutMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
    query_timeout: timeouts.statementTimeoutMs + CLIENT_MARGIN_MS,
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    keepAlive: true,
  };
}

/**
 * node-postgres emits 'error' on a pool's idle clients and on a checked-out client between queries when the server
 * goes away (57P01 on a restart, ECONNRESET on a crash); an 'error' event nobody listens to ends the process. Every
 * client of the pool gets a listener for its whole life: the connection is dropped and the next query on it fails
 * with an error the HTTP edge maps to 503. Clients the pool already holds (TypeORM opens some while initializing)
 * are covered too.
 */
export function guardPool(pool: Pool, logger: Pick<Logger, 'warn'>, name: string): Pool {
  const report = (error: Error) =>
    logger.warn(
      { pool: name, err: `${error.name}: ${error.message}` },
      'PostgreSQL connection lost; it is reopened on next use',
    );
  const guard = (client: PoolClient) => {
    if (!client.listeners('error').includes(report)) client.on('error', report);
  };
  pool.on('error', report);
  pool.on('connect', guard);
  for (const client of (pool as unknown as { _clients?: PoolClient[] })._clients ?? []) guard(client);
  return pool;
}
