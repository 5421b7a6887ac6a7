import { HttpStatus, type HttpException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import qs from 'qs';
import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import { apiHttpException, type ApiErrorPayload } from './api-error';

/** JSON for the API; url-encoded forms only because SMS providers post webhooks that way. Nothing else is parsed. */
const FORM_TYPE = 'application/x-www-form-urlencoded';
const JSON_SUFFIX_TYPE = /^application\/[a-z0-9.+-]+\+json$/;
const ROSTER_UPLOAD_PATH = '/v1/roster/oneroster';
const ROSTER_UPLOAD_LIMIT = 25 * 1024 * 1024;
/** Provider webhooks are flat and short; more parameters than this is not a webhook. */
const FORM_PARAMETER_LIMIT = 200;

type BodyError = 'media' | 'charset' | 'malformed' | 'tooLarge' | 'undecodable' | 'incomplete';

const BODY_ERRORS: Record<BodyError, ApiErrorPayload & { status: number }> = {
  media: {
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Send the request body as application/json (Content-Type header).',
  },
  charset: {
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'The request body uses a character set or content encoding this API does not accept; send UTF-8 JSON.',
  },
  malformed: {
    status: HttpStatus.BAD_REQUEST,
    code: 'MALFORMED_JSON',
    message: 'The request body is not valid JSON (it must be a JSON object).',
  },
  tooLarge: {
    status: HttpStatus.PAYLOAD_TOO_LARGE,
    code: 'PAYLOAD_TOO_LARGE',
    message: 'The request body is too large.',
  },
  undecodable: {
    status: HttpStatus.BAD_REQUEST,
    code: 'UNDECODABLE_BODY',
    message:
      'The request body could not be decoded as its Content-Encoding says (gzip, deflate, br); send it again, or uncompressed.',
  },
  incomplete: {
    status: HttpStatus.BAD_REQUEST,
    code: 'INCOMPLETE_BODY',
    message: 'The request body was cut off or does not match its Content-Length.',
  },
};

function bodyError(kind: BodyError): HttpException {
  const { status, code, message } = BODY_ERRORS[kind];
  return apiHttpException(status, code, message);
}

/**
 * Replaces Fastify's body parsing with the API's: strict JSON (only objects and arrays at the top level; an empty
 * body is {}), flat url-encoded forms of at most 200 parameters (provider webhooks), a size limit from config
 * (25 MB for a OneRoster upload), gzip / deflate / br / zstd bodies inflated, UTF-8 (or another UTF-* JSON charset)
 * decoded, and 415 for any other media type, charset or encoding, whatever the method: what Express's body-parser
 * did, with the same error codes. Call before the app's routes are registered (app.init()).
 */
export function installBodyParsing(fastify: FastifyInstance, bodyLimit: number): void {
  // A body sent with a GET (or HEAD) is read and refused like any other when it is malformed, as it always was,
  // instead of being ignored.
  for (const method of ['GET', 'HEAD']) fastify.addHttpMethod(method, { hasBody: true, overrideExisting: true });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (request, body: Buffer, done) => {
    try {
      done(null, parseBody(request, body));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    try {
      done(null, bodyStream(request, payload));
    } catch (error) {
      done(error as Error);
    }
  });
  // A school's OneRoster bundle is megabytes: only that route gets the larger limit.
  fastify.addHook('onRoute', (route) => {
    if (route.url === ROSTER_UPLOAD_PATH && route.method === 'POST') route.bodyLimit = ROSTER_UPLOAD_LIMIT;
  });
}

/** Whether the request carries a body at all, for the 415 check (a Content-Length of 0 is none). */
function sendsBody(headers: IncomingHttpHeaders): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}

/** Whether a body is to be read (body-parser's rule: any Content-Length, even 0, or a Transfer-Encoding). */
function readsBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || headers['content-length'] !== undefined;
}

function mediaTypeOf(headers: IncomingHttpHeaders): string {
  return (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

const isJson = (type: string): boolean => type === 'application/json' || JSON_SUFFIX_TYPE.test(type);

function charsetOf(headers: IncomingHttpHeaders): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(headers['content-type'] ?? '')?.[1]?.toLowerCase();
}

/**
 * The stream the parser reads: 415 first for a body in a media type, charset or content encoding the API does not
 * take (a body we would not parse would reach handlers as "no body"), then the inflated body when it is compressed.
 */
function bodyStream(request: FastifyRequest, payload: Readable): Readable {
  const { headers } = request;
  const type = mediaTypeOf(headers);
  const form = type === FORM_TYPE;
  if (!form && !isJson(type)) {
    if (sendsBody(headers)) throw bodyError('media');
    return payload;
  }
  if (!readsBody(headers)) return payload;
  const charset = charsetOf(headers) ?? 'utf-8';
  if (form ? charset !== 'utf-8' && charset !== 'iso-8859-1' : !charset.startsWith('utf-') || !decodes(charset))
    throw bodyError('charset');
  const encoding = (headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return payload;
  const inflate = inflater(encoding);
  if (!inflate) throw bodyError('charset');
  // Fastify compares the bytes received, not the inflated ones, with Content-Length and the limit.
  const counted = Object.assign(inflate, { receivedEncodedLength: 0 });
  payload.on('data', (chunk: Buffer) => (counted.receivedEncodedLength += chunk.length));
  payload.on('error', (error) => counted.destroy(error));
  // Fastify listens while it reads the body; one it never reads (a GET's, or one refused by its Content-Length)
  // may fail to inflate unheard, which must not be an uncaught error.
  counted.on('error', () => undefined);
  return payload.pipe(counted);
}

/** zstd is in Node's zlib from 22.15 / 23.8 (the types this project builds with predate it). */
const createZstdDecompress = (zlib as { createZstdDecompress?: () => Transform }).createZstdDecompress;

function inflater(encoding: string): Transform | null {
  switch (encoding) {
    case 'gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    case 'zstd':
      return createZstdDecompress?.() ?? null;
    default:
      return null;
  }
}

function decodes(charset: string): boolean {
  if (charset === 'utf-8') return true;
  try {
    new TextDecoder(charset);
    return true;
  } catch {
    return false;
  }
}

/** The parsed body: undefined when there is none (or it is in no type we parse: bodyStream refused those with bytes). */
function parseBody(request: FastifyRequest, body: Buffer): unknown {
  const { headers } = request;
  const type = mediaTypeOf(headers);
  if (!readsBody(headers)) return undefined;
  const charset = charsetOf(headers) ?? 'utf-8';
  if (type === FORM_TYPE) return parseForm(body.toString(charset === 'utf-8' ? 'utf8' : 'latin1'), charset);
  if (!isJson(type)) return undefined;
  return parseStrictJson(charset === 'utf-8' ? stripBom(body.toString('utf8')) : new TextDecoder(charset).decode(body));
}

const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

// eslint-disable-next-line no-control-regex -- JSON whitespace is space, tab, LF and CR
const FIRST_NON_WHITESPACE = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/;

/** Strict JSON: an object or an array at the top level (the API takes nothing else); empty is {}. */
function parseStrictJson(text: string): unknown {
  if (text.length === 0) return {};
  const first = text[0] === '{' || text[0] === '[' ? text[0] : FIRST_NON_WHITESPACE.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw bodyError('malformed');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw bodyError('malformed');
  }
}

/** Flat key/value pairs (no nested objects, no prototype tricks): provider webhooks are flat. */
function parseForm(text: string, charset: string): unknown {
  if (text.length === 0) return {};
  let parameters = 0;
  for (let at = -1; ;) {
    if (++parameters > FORM_PARAMETER_LIMIT) throw bodyError('tooLarge');
    at = text.indexOf('&', at + 1);
    if (at === -1) break;
  }
  return qs.parse(text, {
    allowPrototypes: true,
    arrayLimit: parameters,
    depth: 0,
    charset: charset === 'utf-8' ? 'utf-8' : 'iso-8859-1',
    parameterLimit: FORM_PARAMETER_LIMIT,
    strictDepth: true,
  });
}

/**
 * What Fastify or a decompression stream raised while reading a body, as the API's coded error (the exception filter
 * then answers precisely; Nest would make a bare HttpException of it, losing what went wrong); anything else as it is.
 */
export function translateBodyError(error: unknown): unknown {
  const described = describeBodyError(error);
  return described ? apiHttpException(described.status, described.code, described.message) : error;
}

/** Classifies such an error (they carry a numeric `statusCode` and a string `code`). */
function describeBodyError(error: unknown): (ApiErrorPayload & { status: number }) | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof statusCode !== 'number' || typeof code !== 'string') return undefined;
  // A decompression stream's own error ("incorrect header check", "unexpected end of file") reaches here as
  // Fastify's 400: the body is not what its Content-Encoding says. The client's fault.
  if (statusCode === 400 && isDecompressionError(error)) return BODY_ERRORS.undecodable;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return BODY_ERRORS.tooLarge;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return BODY_ERRORS.media;
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'ECONNRESET':
      return BODY_ERRORS.incomplete;
    default:
      return code.startsWith('FST_ERR_CTP_') && statusCode >= 400 && statusCode < 500
        ? {
            status: statusCode,
            code: HttpStatus[statusCode] ?? 'BAD_REQUEST',
            message: 'The request body could not be read.',
          }
        : undefined;
  }
}

function isDecompressionError(error: object): boolean {
  const { code } = error as { code?: unknown };
  return typeof code === 'string' && /^(Z_|ZSTD_|ERR_BROTLI|ERR__|ERR_ZSTD)/.test(code);
}
