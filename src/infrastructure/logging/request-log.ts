import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { correlationIdOf } from '../http/correlation-id';
import { pathOf } from '../http/http-request';
import { loggedHeaders } from './log-redaction';

/**
 * One JSON line per request, when its response closes (answered, streamed to the end, or cut off by the client),
 * keyed by the correlation id: method, path without the query string (it may carry phone numbers), allow-listed
 * headers, status and duration; never a body. /health is not logged (probes would drown everything else). The line
 * keeps the shape pino-http gave it ("request completed"; "request errored" at error level for a 5xx; "request
 * aborted"), written by one hook with no per-request child logger: what logging a request costs is one line.
 */
export function installRequestLog(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (pathOf(request) !== '/health') reply.raw.once('close', () => logRequest(logger, request, reply));
    done();
  });
}

function logRequest(logger: Logger, request: FastifyRequest, reply: FastifyReply): void {
  const id = correlationIdOf(request.raw);
  const statusCode = reply.raw.statusCode;
  const line = {
    req: {
      id,
      method: request.method,
      url: pathOf(request),
      headers: loggedHeaders(request.headers),
      remoteAddress: request.socket.remoteAddress,
    },
    correlationId: id,
    res: { statusCode },
    responseTime: Math.round(reply.elapsedTime),
  };
  if (statusCode >= 500) logger.error(line, 'request errored');
  else logger.info(line, reply.raw.writableFinished ? 'request completed' : 'request aborted');
}
