import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { ApiErrorBody } from './api-error';
import { resolveCorrelationId } from './correlation-id.middleware';
import { mapError } from './error-mapping';
import { pathOf, type ApiRequest, type ApiResponse } from './http-request';

/**
 * The ONE place errors become HTTP responses: every error body is `{ error: { code, message, correlationId, details? } }`.
 * Mapping lives in error-mapping.ts; this class only writes the answer and logs what needs a human.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<ApiRequest>();
    const response = http.getResponse<ApiResponse>();
    const correlationId = resolveCorrelationId(request, response);
    const mapped = mapError(exception, request);
    this.log(exception, request, correlationId, mapped.status, mapped.payload.code, mapped.log);

    if (response.headersSent) {
      // Too late for a clean error body (e.g. a stream failed mid-way): cut the connection so the client sees a failure.
      response.destroy();
      return;
    }
    for (const [name, value] of Object.entries(mapped.headers ?? {})) response.setHeader(name, value);
    const body: ApiErrorBody = { error: { code: mapped.payload.code, message: mapped.payload.message, correlationId } };
    if (mapped.payload.details !== undefined) body.error.details = mapped.payload.details;
    response.status(mapped.status).json(body);
  }

  /** Never logs request bodies or query strings (they carry message text and phone numbers). */
  private log(
    exception: unknown,
    request: ApiRequest,
    correlationId: string,
    status: number,
    code: string,
    level?: 'error' | 'warn',
  ): void {
    const context = { correlationId, method: request.method, path: pathOf(request), status, code };
    if (level === 'error') {
      this.logger.error({ msg: 'Unhandled error', ...context, error: summarize(exception) });
    } else if (level === 'warn') {
      this.logger.warn({ msg: 'Dependency unavailable', ...context, error: summarize(exception) });
    } else if ((request as { log?: unknown }).log === undefined) {
      // Rejected before the request logger saw it (body parsing, unknown media type): leave one line for operators.
      this.logger.log({ msg: 'Request rejected', ...context });
    }
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
