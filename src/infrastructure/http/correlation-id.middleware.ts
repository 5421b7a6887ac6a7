import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ApiRequest } from './http-request';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

/** A caller's id is kept only if it is a short plain token: it ends up in logs and headers, so no injection. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Gives the request its correlation id (the caller's X-Correlation-Id when sane, else a new UUID), exactly once:
 * the middleware and the logger's genReqId both call this, whichever runs first wins, so logs and responses agree.
 */
export function resolveCorrelationId(request: ApiRequest, response?: ServerResponse): string {
  if (request.correlationId === undefined) {
    const supplied = request.headers['x-correlation-id'];
    request.correlationId = typeof supplied === 'string' && SANE_ID.test(supplied) ? supplied : randomUUID();
  }
  if (response && !response.headersSent && !response.hasHeader(CORRELATION_ID_HEADER)) {
    response.setHeader(CORRELATION_ID_HEADER, request.correlationId);
  }
  return request.correlationId;
}

/** Express-style middleware; mounted first by configureApp so every response, even a rejected one, carries the id. */
export function correlationIdMiddleware(request: ApiRequest, response: ServerResponse, next: () => void): void {
  resolveCorrelationId(request, response);
  next();
}
