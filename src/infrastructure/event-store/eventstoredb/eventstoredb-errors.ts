/**
 * Maps what @eventstore/db-client throws onto the port's errors:
 * - WrongExpectedVersionError -> ConcurrencyError (with the server's current revision, or 'no_stream');
 * - MaxAppendSizeExceededError (the server's --max-append-size, 1 MiB by default) -> AppendTooLargeError;
 * - connection trouble (gRPC UNAVAILABLE, DEADLINE_EXCEEDED, server-side CANCELLED, ABORTED/timeout, NOT_LEADER
 *   while the client re-discovers, socket errors) -> EventStoreUnavailableError, code EVENT_STORE_UNAVAILABLE.
 * An append that fails this way was either written whole or not at all (appends are atomic on the server), and may
 * still commit after the error (a Timeout reply does not cancel the write): the adapter retries it with the same
 * event ids and checks the stream for them (eventstoredb-event-store.ts).
 */
import {
  ErrorType,
  MaxAppendSizeExceededError,
  WrongExpectedVersionError,
  isCommandError,
} from '@eventstore/db-client';
import {
  AppendTooLargeError,
  ConcurrencyError,
  EventStoreUnavailableError,
  type ExpectedRevision,
} from '../../../application/ports/event-store.port';

const UNAVAILABLE_TYPES: ReadonlySet<string> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
]);
// gRPC status codes CANCELLED (1), DEADLINE_EXCEEDED (4), UNAVAILABLE (14), for raw grpc-js errors. Numeric on
// purpose: @grpc/grpc-js is only a transitive dependency of the client at run time.
const UNAVAILABLE_GRPC_CODES: ReadonlySet<number> = new Set([1, 4, 14]);
const SOCKET_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Errors after which a subscription must NOT keep retrying: retrying cannot fix them. */
const PERMANENT_TYPES: ReadonlySet<string> = new Set([
  ErrorType.ACCESS_DENIED,
  ErrorType.INVALID_ARGUMENT,
  ErrorType.UNSUPPORTED,
]);

export function isUnavailableError(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError) return true;
  if (error instanceof Error && isCommandError(error)) return UNAVAILABLE_TYPES.has(error.type);
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'number') return UNAVAILABLE_GRPC_CODES.has(code);
  return typeof code === 'string' && SOCKET_ERROR_CODES.has(code);
}

export function isPermanentSubscriptionError(error: unknown): boolean {
  return error instanceof Error && isCommandError(error) && PERMANENT_TYPES.has(error.type);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/** The port's error for a failed operation, or the original error when it is neither a conflict nor an outage. */
export function toPortError(
  error: unknown,
  operation: string,
  append?: { streamId: string; expected: ExpectedRevision },
): unknown {
  if (append && error instanceof WrongExpectedVersionError) {
    return new ConcurrencyError(append.streamId, append.expected, error.actualVersion);
  }
  if (append && error instanceof MaxAppendSizeExceededError)
    return new AppendTooLargeError(append.streamId, error.maxAppendSize);
  if (error instanceof EventStoreUnavailableError) return error;
  if (isUnavailableError(error)) {
    return new EventStoreUnavailableError(`EventStoreDB is unavailable (${operation}): ${describe(error)}`, error);
  }
  return error;
}

/**
 * Bounds an operation in time. The 6.x client gives appends (BatchAppend stream) and reads no gRPC deadline
 * (`deadline: Infinity`), so a server that accepts the connection but never answers would hang the caller;
 * `onTimeout` cancels the underlying call. A late outcome of the abandoned call is swallowed on purpose.
 */
export async function withTimeout<T>(
  operation: Promise<T>,
  timeoutMs: number,
  what: string,
  onTimeout?: () => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new EventStoreUnavailableError(`EventStoreDB did not answer within ${timeoutMs} ms (${what})`));
    }, timeoutMs);
  });
  operation.catch(() => undefined);
  try {
    return await Promise.race([operation, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
