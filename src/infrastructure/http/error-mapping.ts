import { HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import {
  AppendTooLargeError,
  ConcurrencyError,
  EventStoreUnavailableError,
} from '../../application/ports/event-store.port';
import { DomainError, type DomainErrorKind } from '../../domain/shared/domain-error';
import { isUnavailable } from '../event-store/postgres/postgres-errors';
import { isApiErrorPayload, type ApiErrorPayload } from './api-error';
import { pathOf, routeMatched, type ApiRequest } from './http-request';

/** What the filter sends and how loudly it logs. */
export interface MappedError {
  status: number;
  payload: ApiErrorPayload;
  headers?: Record<string, string>;
  /** 'error': a bug or unknown failure (logged with its stack); 'warn': a dependency is down. */
  log?: 'error' | 'warn';
}

const KIND_STATUS: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  forbidden: HttpStatus.FORBIDDEN,
  conflict: HttpStatus.CONFLICT,
  rule: HttpStatus.UNPROCESSABLE_ENTITY,
};

/** Seconds a client should wait before retrying while a store is down. */
const RETRY_AFTER_SECONDS = '5';

/** Decides the HTTP answer for anything thrown. Pure: no I/O, so every branch is unit-testable. */
export function mapError(exception: unknown, request: ApiRequest): MappedError {
  if (exception instanceof DomainError) {
    const payload: ApiErrorPayload = { code: exception.code, message: exception.message };
    if (exception.details !== undefined) payload.details = exception.details;
    return { status: KIND_STATUS[exception.kind] ?? HttpStatus.UNPROCESSABLE_ENTITY, payload };
  }
  if (exception instanceof ConcurrencyError) {
    // With If-Match the client stated the version it saw: RFC 9110 says 412 when that no longer holds.
    return request.headers['if-match'] !== undefined
      ? {
          status: HttpStatus.PRECONDITION_FAILED,
          payload: {
            code: 'PRECONDITION_FAILED',
            message: 'The record changed since you read it (If-Match no longer matches); reload it and try again.',
          },
        }
      : {
          status: HttpStatus.CONFLICT,
          payload: {
            code: 'CONCURRENCY_CONFLICT',
            message: 'Someone else changed this record at the same moment; reload it and try again.',
          },
        };
  }
  if (exception instanceof AppendTooLargeError) {
    // The request was fine for HTTP but makes one write larger than the event store accepts: nothing was recorded.
    return {
      status: HttpStatus.PAYLOAD_TOO_LARGE,
      payload: {
        code: 'APPEND_TOO_LARGE',
        message: `This change is too large to record in one write (the record store takes at most ${exception.maxAppendSize} bytes at once); nothing was recorded. Send it in smaller parts.`,
      },
    };
  }
  if (exception instanceof EventStoreUnavailableError) {
    return unavailable('EVENT_STORE_UNAVAILABLE', 'The record store is unavailable right now; try again shortly.');
  }
  if (isStoreUnavailable(exception)) {
    return unavailable('STORE_UNAVAILABLE', 'The database is unavailable right now; try again shortly.');
  }
  if (exception instanceof HttpException) return mapHttpException(exception, request);
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    // Never the internal message: it can hold SQL, hostnames or personal data.
    payload: {
      code: 'INTERNAL_ERROR',
      message: 'Something went wrong on our side. It has been logged; quote the correlation id if you contact support.',
    },
    log: 'error',
  };
}

function mapHttpException(exception: HttpException, request: ApiRequest): MappedError {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (isApiErrorPayload(response)) {
    const payload: ApiErrorPayload = { code: response.code, message: response.message };
    if (response.details !== undefined) payload.details = response.details;
    return { status, payload, ...(status >= 500 ? { log: 'warn' as const } : {}) };
  }
  // Nest's own not-found handler ("Cannot GET /path"): no route matched. Handlers throw DomainErrors instead.
  const nestNotFound =
    typeof response === 'object' &&
    response !== null &&
    (response as { message?: unknown }).message === `Cannot ${request.method} ${request.originalUrl ?? request.url}`;
  if (exception instanceof NotFoundException && (!routeMatched(request) || nestNotFound)) {
    return {
      status,
      payload: {
        code: 'ROUTE_NOT_FOUND',
        message: `No route matches ${request.method} ${truncate(pathOf(request), 200)}.`,
      },
    };
  }
  const raw = typeof response === 'string' ? response : (response as { message?: unknown } | undefined)?.message;
  // A stock ValidationPipe (someone's local one) reports an array of problems.
  if (Array.isArray(raw)) {
    return {
      status,
      payload: {
        code: status === 400 ? 'VALIDATION_FAILED' : codeFor(status),
        message: 'The request is not valid.',
        details: { problems: raw.map(String) },
      },
    };
  }
  return {
    status,
    payload: { code: codeFor(status), message: typeof raw === 'string' && raw !== '' ? raw : exception.message },
    ...(status >= 500 ? { log: 'warn' as const } : {}),
  };
}

function unavailable(code: string, message: string): MappedError {
  return {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    payload: { code, message },
    headers: { 'Retry-After': RETRY_AFTER_SECONDS },
    log: 'warn',
  };
}

/** pg / network connection failures, also when wrapped (TypeORM's driverError, an Error's cause). */
function isStoreUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 3 || typeof error !== 'object' || error === null) return false;
  if (isUnavailable(error)) return true;
  const { driverError, cause } = error as { driverError?: unknown; cause?: unknown };
  return isStoreUnavailable(driverError, depth + 1) || isStoreUnavailable(cause, depth + 1);
}

function codeFor(status: number): string {
  return (HttpStatus[status] as string | undefined) ?? (status >= 500 ? 'SERVER_ERROR' : 'REQUEST_ERROR');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
