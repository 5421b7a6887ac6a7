/**
 * The service's configuration, read from the environment ONCE at startup and validated there, so a bad deploy fails
 * before it serves a request, with a sentence naming the variable to fix. Nothing else in src reads process.env.
 */
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from '../database/pg-connection';
import { identityProviderConfig, type IdentityProviderConfig } from './identity-provider-config';
import { numberList, twilioConfig, type TwilioConfig } from './twilio-config';
import { ID_PATTERN, ID_RULE } from '../../domain/shared/identifier';

/** The simulator's sender numbers when SIMULATOR_SENDER_POOL is not set (555-01xx: reserved for fiction). */
export const DEFAULT_SIMULATOR_SENDER_POOL: readonly string[] = ['+12015550190', '+12015550191', '+12015550192'];

export type EventStoreKind = 'postgres' | 'eventstoredb';
export type SmsGatewayKind = 'simulator' | 'twilio';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface JwtConfig {
  secret: string;
  issuer: string;
  audience: string;
  /** True when the built-in development secret is in use (never in production). */
  development: boolean;
  /** The longest a token may live (exp - iat), JWT_MAX_LIFETIME_SECONDS; a token without iat is refused. */
  maxLifetimeSeconds: number;
}

export interface AppConfig {
  port: number;
  /** Absent: the embedded PostgreSQL is started. */
  databaseUrl?: string;
  /**
   * Production: the login role the service runs as (no UPDATE/DELETE/TRUNCATE on the record), while DATABASE_URL (the
   * owner) runs migrations and rebuilds. Absent: a `texting_service` role is created and used (README: Database roles).
   */
  serviceDatabaseUrl?: string;
  /** Statement, lock, connect and idle-in-transaction timeouts (README: Configuration). */
  database: DatabaseTimeouts;
  embeddedDataDir: string;
  embeddedPort: number;
  eventStore: EventStoreKind;
  /** Set (and required) when eventStore is 'eventstoredb'. */
  eventStoreUrl?: string;
  /** EventStoreDB: the budget of one append/read/ping, same-id retries of an append included (then 503). */
  eventStoreTimeoutMs: number;
  /** PostgreSQL event store: concurrent appends share one transaction (group commit). */
  eventStoreGroupCommit: boolean;
  jwt: JwtConfig;
  /** The district's OpenID Connect provider, whose RS256/ES256 tokens are accepted next to the HS256 ones. */
  identityProvider?: IdentityProviderConfig;
  sms: {
    gateway: SmsGatewayKind;
    simulatorInvalidNumbers: readonly string[];
    simulatorDelayMs: number;
    /** Sends per second (the sender's throughput: 1 for a long code, up to 225 for 10DLC). */
    ratePerSecond: number;
    /**
     * Our sender numbers: each (student, staff) thread texts from one, and replies are routed by it. The simulator's
     * (SIMULATOR_SENDER_POOL, default three) or Twilio's (TWILIO_FROM_NUMBERS); empty: the gateway's default sender.
     */
    senderPool: readonly string[];
    /** Retries of a retryable failure (429, 5xx, 30003) before the text fails with its code. */
    maxRetries: number;
    /** First retry backoff; doubles per retry. */
    retryBaseMs: number;
    /** A text still 'sent' this long is looked up at the provider (lost delivery report); 0: never. */
    statusRecoveryAfterMs: number;
  };
  /** Set (and required) when sms.gateway is 'twilio'. */
  twilio?: TwilioConfig;
  /** The district that owns texts arriving from numbers no student has. */
  defaultDistrictId: string;
  bodyLimit: string;
  /**
   * API budgets per sliding minute: per client IP (before authentication), per client identity (token district and
   * subject), and per sync client (the SIS role) instead of the per-client budget.
   */
  rateLimit: { windowMs: number; perIp: number; perClient: number; perSyncClient: number };
  logLevel: LogLevel;
  /** How long the live projections gather events into one batch (one transaction) after its first, in ms (0 to 10). */
  projectionGatherMs: number;
  /** How long the live inbox keeps its change lines for a reconnecting client (INBOX_EVENTS_RETENTION_HOURS). */
  inboxEventsRetentionMs: number;
}

/** Nest injection token for the loaded AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Signs tokens only outside production. The name says what it is, so it is obvious in a token debugger or a leak;
 * loadConfig refuses it when NODE_ENV is production.
 */
export const DEVELOPMENT_JWT_SECRET = 'development-only-insecure-jwt-secret-never-use-in-production';
export const MIN_PRODUCTION_SECRET_LENGTH = 32;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join(' ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const E164 = /^\+[1-9]\d{1,14}$/;

/** Reads and validates the environment; throws ConfigError listing every problem (one sentence each). */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
      return fallback;
    }
    return n;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}").`);
    return fallback;
  };

  const production = env.NODE_ENV === 'production';

  const databaseUrl = str('DATABASE_URL');
  // Never echo the URL back: it usually carries a password.
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// connection URL.');
  }

  const serviceDatabaseUrl = str('SERVICE_DATABASE_URL');
  if (serviceDatabaseUrl !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(serviceDatabaseUrl)) {
    problems.push('SERVICE_DATABASE_URL must be a postgres:// or postgresql:// connection URL.');
  }

  const eventStore = oneOf<EventStoreKind>('EVENT_STORE', ['postgres', 'eventstoredb'], 'postgres');
  const eventStoreUrl = str('EVENTSTORE_URL');
  if (eventStore === 'eventstoredb' && eventStoreUrl === undefined) {
    problems.push(
      'EVENTSTORE_URL is required when EVENT_STORE is eventstoredb (e.g. esdb://localhost:2113?tls=false).',
    );
  }

  // 12 h: a school day and its evening. A leaked token with a far exp (10^20) would otherwise be valid forever.
  const jwt = {
    ...jwtConfig(env, str, production, problems),
    maxLifetimeSeconds: int('JWT_MAX_LIFETIME_SECONDS', 43_200, 60, 604_800),
  };
  const identityProvider = identityProviderConfig(str, int, production, problems);

  const invalidNumbers = (str('SIMULATOR_INVALID_NUMBERS') ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const badNumbers = invalidNumbers.filter((n) => !E164.test(n));
  if (badNumbers.length > 0) {
    problems.push(
      `SIMULATOR_INVALID_NUMBERS must be a comma-separated list of E.164 numbers like +12015550123 (bad: ${badNumbers.join(', ')}).`,
    );
  }

  // Twilio is chosen by SMS_GATEWAY=twilio, or by configuring its credentials without naming a gateway.
  const smsGateway =
    str('SMS_GATEWAY') === undefined &&
    str('TWILIO_ACCOUNT_SID') !== undefined &&
    str('TWILIO_AUTH_TOKEN') !== undefined
      ? 'twilio'
      : oneOf<SmsGatewayKind>('SMS_GATEWAY', ['simulator', 'twilio'], 'simulator');
  const twilio = smsGateway === 'twilio' ? twilioConfig(str, production, problems) : undefined;

  const defaultDistrictId = str('DEFAULT_DISTRICT_ID') ?? 'district-demo';
  if (!ID_PATTERN.test(defaultDistrictId)) {
    problems.push(`DEFAULT_DISTRICT_ID must be an id of ${ID_RULE}.`);
  }

  const config: AppConfig = {
    port: int('PORT', 3000, 0, 65535),
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    ...(serviceDatabaseUrl !== undefined ? { serviceDatabaseUrl } : {}),
    database: {
      statementTimeoutMs: int('DB_STATEMENT_TIMEOUT_MS', DEFAULT_DATABASE_TIMEOUTS.statementTimeoutMs, 100, 600_000),
      lockTimeoutMs: int('DB_LOCK_TIMEOUT_MS', DEFAULT_DATABASE_TIMEOUTS.lockTimeoutMs, 100, 600_000),
      connectTimeoutMs: int('DB_CONNECT_TIMEOUT_MS', DEFAULT_DATABASE_TIMEOUTS.connectTimeoutMs, 100, 600_000),
      idleInTransactionTimeoutMs: int(
        'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
        DEFAULT_DATABASE_TIMEOUTS.idleInTransactionTimeoutMs,
        1_000,
        3_600_000,
      ),
    },
    embeddedDataDir: str('EMBEDDED_PG_DIR') ?? '.data/postgres',
    embeddedPort: int('EMBEDDED_PG_PORT', 54329, 1, 65535),
    eventStore,
    ...(eventStoreUrl !== undefined ? { eventStoreUrl } : {}),
    eventStoreTimeoutMs: int('EVENTSTORE_OPERATION_TIMEOUT_MS', 10_000, 100, 120_000),
    eventStoreGroupCommit: oneOf('EVENT_STORE_GROUP_COMMIT', ['on', 'off'], 'on') === 'on',
    jwt,
    ...(identityProvider !== undefined ? { identityProvider } : {}),
    sms: {
      gateway: smsGateway,
      simulatorInvalidNumbers: invalidNumbers,
      simulatorDelayMs: int('SIMULATOR_DELAY_MS', 50, 0, 60_000),
      senderPool:
        twilio?.senderPool ??
        numberList(str('SIMULATOR_SENDER_POOL'), 'SIMULATOR_SENDER_POOL', problems) ??
        DEFAULT_SIMULATOR_SENDER_POOL,
      ratePerSecond: int('SMS_RATE_PER_SECOND', 1, 1, 1000),
      maxRetries: int('SMS_MAX_RETRIES', 5, 0, 20),
      retryBaseMs: int('SMS_RETRY_BASE_MS', 5000, 10, 600_000),
      statusRecoveryAfterMs: int('SMS_STATUS_RECOVERY_AFTER_MS', 600_000, 0, 86_400_000),
    },
    ...(twilio !== undefined ? { twilio } : {}),
    defaultDistrictId,
    bodyLimit: '100kb',
    rateLimit: rateLimitConfig(int),
    logLevel: oneOf<LogLevel>('LOG_LEVEL', LOG_LEVELS, 'info'),
    projectionGatherMs: int('PROJECTION_GATHER_MS', 5, 0, 10),
    inboxEventsRetentionMs: int('INBOX_EVENTS_RETENTION_HOURS', 48, 1, 24 * 365) * 3_600_000,
  };

  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/** Unset, the per-IP and sync budgets are ten client budgets: a portal serves all of a school's users from one address. */
function rateLimitConfig(
  int: (name: string, fallback: number, min: number, max: number) => number,
): AppConfig['rateLimit'] {
  const perClient = int('RATE_LIMIT_PER_MINUTE', 600, 1, 10_000_000);
  return {
    windowMs: 60_000,
    perClient,
    perIp: int('RATE_LIMIT_PER_IP_PER_MINUTE', perClient * 10, 1, 100_000_000),
    perSyncClient: int('RATE_LIMIT_SYNC_PER_MINUTE', perClient * 10, 1, 100_000_000),
  };
}

function jwtConfig(
  env: Env,
  str: (name: string) => string | undefined,
  production: boolean,
  problems: string[],
): Omit<JwtConfig, 'maxLifetimeSeconds'> {
  const issuer = str('JWT_ISSUER') ?? 'student-texting';
  const audience = str('JWT_AUDIENCE') ?? 'student-texting-api';
  // Not trimmed: whitespace in a secret is still secret material.
  const secret = env.JWT_SECRET === '' ? undefined : env.JWT_SECRET;
  if (secret === undefined) {
    if (production) {
      problems.push(
        `JWT_SECRET must be set in production (a random string of at least ${MIN_PRODUCTION_SECRET_LENGTH} characters).`,
      );
    }
    return { secret: DEVELOPMENT_JWT_SECRET, issuer, audience, development: !production };
  }
  if (production && secret.length < MIN_PRODUCTION_SECRET_LENGTH) {
    problems.push(
      `JWT_SECRET is too short for production: use at least ${MIN_PRODUCTION_SECRET_LENGTH} random characters.`,
    );
  }
  if (production && secret === DEVELOPMENT_JWT_SECRET) {
    problems.push('JWT_SECRET is the built-in development secret, which must never be used in production.');
  }
  return { secret, issuer, audience, development: false };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
