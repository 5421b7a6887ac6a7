import { EventStoreUnavailableError } from '../../../application/ports/event-store.port';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

/**
 * SQLSTATEs meaning "the server is not there for us right now": class 08 (connection exception), 57P01-57P03
 * (admin/crash shutdown, cannot connect now), 53300 (too many connections), 3D000 (database does not exist).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300|3D000)$/;

/** node-postgres reports pool and socket failures as plain Errors without a code: only the text tells. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end|Client was closed|Client has encountered a connection error|Query read timeout|Connection closed/i;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** Duck-typed, not instanceof: socket errors come from Node's own realm, which differs from jest's sandbox. */
export function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, errors } = error as ErrorLike;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  // Node reports a refused dual-stack connect as an AggregateError of per-address errors.
  if (Array.isArray(errors) && errors.some(isUnavailable)) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message);
}

/** Rethrows connection failures as the port's EventStoreUnavailableError; everything else unchanged. */
export function mapUnavailable(error: unknown): unknown {
  if (error instanceof EventStoreUnavailableError || !isUnavailable(error)) return error;
  return new EventStoreUnavailableError(
    `PostgreSQL event store unavailable: ${String((error as ErrorLike).message)}`,
    error,
  );
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown };
  return e?.code === '23505' && e.constraint === constraint;
}
