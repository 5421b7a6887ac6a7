import { randomUUID } from 'node:crypto';
import type { ApiReply, ApiRequest, RawApiRequest } from './http-request';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

/** A caller's id is kept only if it is a short plain token: it ends up in logs and headers, so no injection. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The request's correlation id (the caller's X-Correlation-Id when sane, else a new UUID), decided exactly once and
 * kept on Node's request: the request log line, the hook that answers the header and `request.correlationId`
 * (configureApp) all read the same one, so logs and responses agree.
 */
export function correlationIdOf(raw: RawApiRequest): string {
  if (raw.correlationId === undefined) {
    const supplied = raw.headers['x-correlation-id'];
    raw.correlationId = typeof supplied === 'string' && SANE_ID.test(supplied) ? supplied : randomUUID();
  }
  return raw.correlationId;
}

/** The id, also put on the reply unless it is there already or the answer has started (configureApp's first hook). */
export function resolveCorrelationId(request: ApiRequest, reply?: ApiReply): string {
  const id = correlationIdOf(request.raw);
  if (reply && !reply.raw.headersSent && !reply.hasHeader(CORRELATION_ID_HEADER))
    reply.header(CORRELATION_ID_HEADER, id);
  return id;
}
