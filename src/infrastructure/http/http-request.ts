import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '../../domain/shared/actor';

/**
 * The parts of an Express request this layer reads or sets. Declared here because the project does not ship
 * @types/express; Express's request is a node IncomingMessage with these extras.
 */
export interface ApiRequest extends IncomingMessage {
  headers: IncomingHttpHeaders;
  method: string;
  url: string;
  originalUrl?: string;
  /** Path without the query string (Express). */
  path?: string;
  /** Set by Express when a route matched; absent for the not-found handler. */
  route?: unknown;
  body?: unknown;
  /** Set by CorrelationIdMiddleware (or the logger's genReqId, whichever runs first). */
  correlationId?: string;
  /** Set by JwtAuthGuard on authenticated requests. */
  actor?: Actor;
}

export type ApiResponse = ServerResponse & {
  status(code: number): ApiResponse;
  json(body: unknown): ApiResponse;
};

/** The request path without its query string (query strings may carry phone numbers: never log or echo them). */
export function pathOf(request: { originalUrl?: string; url?: string }): string {
  const url = request.originalUrl ?? request.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
