import { HttpStatus } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import type { ServerResponse } from 'node:http';
import { apiHttpException, type ApiErrorPayload } from './api-error';
import type { ApiRequest } from './http-request';

/** JSON for the API; url-encoded forms only because SMS providers post webhooks that way. Nothing else is parsed. */
const JSON_TYPES = ['application/json', 'application/*+json'];
const FORM_TYPE = 'application/x-www-form-urlencoded';
const ROSTER_UPLOAD_PATH = '/v1/roster/oneroster';
const ROSTER_UPLOAD_LIMIT = '25mb';

type Next = (error?: unknown) => void;

/**
 * Registers the body parsers (size limit from config, strict JSON: only objects and arrays at the top level) and the
 * middleware around them. Must run before app.init(): Nest then sees "jsonParser"/"urlencodedParser" already
 * mounted and does not add its own unlimited-by-us defaults.
 */
export function installBodyParsing(app: NestExpressApplication, bodyLimit: string): void {
  app.use(rejectUnsupportedMediaType);
  // A school's OneRoster bundle is megabytes: only that route gets the larger limit (a parsed body is not parsed again).
  app.use(ROSTER_UPLOAD_PATH, json({ limit: ROSTER_UPLOAD_LIMIT, strict: true, type: JSON_TYPES }));
  app.useBodyParser('json', { limit: bodyLimit, strict: true, type: JSON_TYPES });
  // extended: false = flat key/value pairs (no nested objects, no prototype tricks); provider webhooks are flat.
  app.useBodyParser('urlencoded', { limit: bodyLimit, extended: false, parameterLimit: 200 });
  app.use(translateBodyParserError);
}

/** A body we would not parse would reach handlers as "no body": say 415 instead of a confusing validation error. */
function rejectUnsupportedMediaType(request: ApiRequest, _response: ServerResponse, next: Next): void {
  if (!hasBody(request)) return next();
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const json = type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
  if (json || type === FORM_TYPE) return next();
  next(
    apiHttpException(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the request body as application/json (Content-Type header).',
    ),
  );
}

function hasBody(request: ApiRequest): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = request.headers['content-length'];
  return length !== undefined && length !== '0';
}

/**
 * Nest turns body-parser's SyntaxError into a bare BadRequestException, losing what went wrong; convert body-parser
 * errors to coded API errors here, right after the parsers, so the exception filter can answer precisely.
 */
function translateBodyParserError(error: unknown, _request: ApiRequest, _response: ServerResponse, next: Next): void {
  const described = describeBodyParserError(error);
  next(described ? apiHttpException(described.status, described.code, described.message) : error);
}

/** Classifies an error raised by body-parser / raw-body (they carry a string `type` and a numeric `status`). */
export function describeBodyParserError(error: unknown): (ApiErrorPayload & { status: number }) | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (typeof status !== 'number') return undefined;
  // A decompression stream's own error (zlib/brotli: "incorrect header check", "unexpected end of file") reaches
  // here as body-parser's 400 without a type: the body is not what its Content-Encoding says. The client's fault.
  if (type === undefined && status === 400 && isDecompressionError(error)) {
    return {
      status: 400,
      code: 'UNDECODABLE_BODY',
      message:
        'The request body could not be decoded as its Content-Encoding says (gzip, deflate, br); send it again, or uncompressed.',
    };
  }
  if (typeof type !== 'string') return undefined;
  switch (type) {
    case 'entity.parse.failed':
      return {
        status: 400,
        code: 'MALFORMED_JSON',
        message: 'The request body is not valid JSON (it must be a JSON object).',
      };
    case 'entity.too.large':
    case 'parameters.too.many':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'The request body uses a character set or content encoding this API does not accept; send UTF-8 JSON.',
      };
    case 'request.aborted':
    case 'request.size.invalid':
      return {
        status: 400,
        code: 'INCOMPLETE_BODY',
        message: 'The request body was cut off or does not match its Content-Length.',
      };
    default:
      return status >= 400 && status < 500
        ? { status, code: HttpStatus[status] ?? 'BAD_REQUEST', message: 'The request body could not be read.' }
        : undefined;
  }
}

function isDecompressionError(error: object): boolean {
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  return typeof errno === 'number' || (typeof code === 'string' && /^(Z_|ERR_BROTLI|ERR__|ERR_ZSTD)/.test(code));
}
