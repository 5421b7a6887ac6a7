import { type ArgumentsHost, Catch, type ExceptionFilter, Logger, type LoggerService } from '@nestjs/common';
import type { ApiErrorBody } from './api-error';
import { resolveCorrelationId } from './correlation-id';
import { mapError } from './error-mapping';
import { pathOf, type ApiReply, type ApiRequest } from './http-request';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The ONE place errors become HTTP responses: every error body is `{ error: { code, message, correlationId, details? } }`.
 * Mapping lives in error-mapping.ts; this class only writes the answer and logs what needs a human.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    answerError(exception, http.getRequest<ApiRequest>(), http.getResponse<ApiReply>(), this.logger);
  }
}

/**
 * Writes the API error answer for `exception` on Fastify's reply (the filter's work; also for what Fastify's router
 * refuses before any hook ran, `unlogged`: no request line will be written for it).
 */
export function answerError(
  exception: unknown,
  request: ApiRequest,
  reply: ApiReply,
  logger: LoggerService,
  unlogged = false,
): void {
  const correlationId = resolveCorrelationId(request, reply);
  const mapped = mapError(exception, request);
  log(logger, exception, request, correlationId, mapped.status, mapped.payload.code, mapped.log ?? unlogged);

  const raw = reply.raw;
  if (raw.headersSent) {
    // Too late for a clean error body (e.g. a stream failed mid-way): cut the connection so the client sees a failure.
    raw.destroy();
    return;
  }
  const body: ApiErrorBody = { error: { code: mapped.payload.code, message: mapped.payload.message, correlationId } };
  if (mapped.payload.details !== undefined) body.error.details = mapped.payload.details;
  if (reply.sent) {
    // A handler that writes Node's response itself (takeOverResponse) failed before its first byte.
    raw.statusCode = mapped.status;
    for (const [name, value] of Object.entries({ ...mapped.headers, 'content-type': JSON_TYPE }))
      raw.setHeader(name, value);
    raw.end(JSON.stringify(body));
    return;
  }
  for (const [name, value] of Object.entries(mapped.headers ?? {})) void reply.header(name, value);
  void reply.status(mapped.status).header('content-type', JSON_TYPE).send(body);
}

/** Never logs request bodies or query strings (they carry message text and phone numbers). */
function log(
  logger: LoggerService,
  exception: unknown,
  request: ApiRequest,
  correlationId: string,
  status: number,
  code: string,
  level: 'error' | 'warn' | boolean,
): void {
  const context = { correlationId, method: request.method, path: pathOf(request), status, code };
  if (level === 'error') {
    logger.error({ msg: 'Unhandled error', ...context, error: summarize(exception) });
  } else if (level === 'warn') {
    logger.warn({ msg: 'Dependency unavailable', ...context, error: summarize(exception) });
  } else if (level === true) {
    // Rejected before the request log saw it (the URL could not be decoded): leave one line for operators.
    logger.log({ msg: 'Request rejected', ...context });
  }
}

/**
 * Name, code, message and stack only: drivers hang row data off errors (pg's `detail`), which may be personal data,
 * so the error object itself is never handed to the logger's serializer.
 */
function summarize(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { type: typeof exception };
  const code = (exception as { code?: unknown }).code;
  return {
    type: exception.name,
    message: exception.message,
    ...(code !== undefined ? { code: String(code) } : {}),
    stack: exception.stack,
  };
}
