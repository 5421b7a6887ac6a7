import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '../../domain/shared/actor';

/** Node's request as Fastify receives it, with what this layer keeps on it. */
export interface RawApiRequest extends IncomingMessage {
  /** Decided the first time it is asked for (correlation-id.ts), by configureApp's first hook at the latest. */
  correlationId?: string;
}

/**
 * The request guards, pipes, interceptors, filters and handlers see (Fastify's), with what this layer adds:
 * `correlationId` (a getter onto the raw request, correlation-id.ts) and `actor` (set by JwtAuthGuard).
 */
export type ApiRequest = FastifyRequest & {
  correlationId?: string;
  actor?: Actor;
};

/** The reply guards, interceptors, filters and `@Res({ passthrough: true })` handlers see (Fastify's). */
export type ApiReply = FastifyReply;

/** The request path without its query string (query strings may carry phone numbers: never log or echo them). */
export function pathOf(request: { originalUrl?: string; url?: string }): string {
  const url = request.originalUrl ?? request.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** Whether a route of the API matched this request (false: the not-found handler answers it). */
export function routeMatched(request: ApiRequest): boolean {
  return request.is404 !== true;
}

/**
 * Node's response behind the reply, for a handler that writes it itself (a stream of events, a download), taken
 * when the first byte is about to be written: Fastify steps aside (hijack), and what the hooks and guards already put
 * on the reply (correlation id, secure headers, rate limits) goes along.
 */
export function takeOverResponse(reply: ApiReply): ServerResponse {
  reply.hijack();
  const raw = reply.raw;
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) raw.setHeader(name, value);
  return raw;
}
