import type { OpenAPIObject } from '@nestjs/swagger';

/** The one error body (api-error.ts), as a schema every error response refers to. */
const API_ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'correlationId'],
      properties: {
        code: {
          type: 'string',
          description: 'Stable, machine-readable code, e.g. VALIDATION_FAILED',
          example: 'VALIDATION_FAILED',
        },
        message: { type: 'string', description: 'A sentence a person can act on' },
        correlationId: { type: 'string', description: 'Same as the X-Correlation-Id response header' },
        details: { type: 'object', additionalProperties: true },
      },
    },
  },
};

const ERROR_REF = { $ref: '#/components/schemas/ApiError' };
const CORRELATION_HEADER = {
  description: "The request's correlation id (the one sent, or a new one)",
  schema: { type: 'string' },
};
const INT_HEADER = (description: string) => ({ description, schema: { type: 'integer' } });
/** Set by the rate-limit guard on every /v1 answer (IETF RateLimit fields). */
const RATE_LIMIT_HEADERS = {
  'RateLimit-Policy': { description: 'limit;w=window seconds', schema: { type: 'string' } },
  'RateLimit-Limit': INT_HEADER('Requests allowed per window'),
  'RateLimit-Remaining': INT_HEADER('Requests left in this window'),
  'RateLimit-Reset': INT_HEADER('Seconds until the window frees a request'),
};
const RECORD_INCOMPLETE_HEADER = {
  description: 'Projections still holding isolated events for this student: the answer may lack them',
  schema: { type: 'string' },
};
/** Set on every successful write to one student (student-write-etag.interceptor.ts) and on its profile read. */
const ETAG_HEADER = {
  description: 'The student\'s stream revision after the write ("7"), usable as If-Match on the next one',
  schema: { type: 'string' },
};
const RETRY_AFTER_HEADER = { description: 'Seconds to wait before trying again', schema: { type: 'integer' } };

const ERROR_DESCRIPTIONS: Record<string, string> = {
  '400': 'Invalid input (validation, INVALID_TEXT, undecodable body, bad If-Match)',
  '401': 'Missing, invalid or expired bearer token',
  '403': 'Role, district or enrollment does not allow this',
  '404': 'No such student, thread or resource in your district',
  '409': 'Conflicting write (the record changed; without If-Match)',
  '412': 'If-Match no longer matches the record',
  '413': 'Body too large',
  '415': 'Body not JSON (or not a supported encoding)',
  '422': 'A rule of the school refuses it (stable code says which)',
  '429': 'Rate limited (RATE_LIMITED); see Retry-After and RateLimit-*',
  '503': 'A store or the identity provider is unavailable; try again after Retry-After',
};

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** Which error statuses an operation can answer, from what every route shares (guards, pipes, filters). */
export function errorStatusesFor(path: string, method: string): string[] {
  const statuses = ['400'];
  if (path.startsWith('/v1/')) statuses.push('401', '403');
  // A path naming a student or thread, and the student's own routes (/v1/me/threads: the caller may be no registered
  // student of their district, ids being scoped by district).
  if (path.includes('{') || path.startsWith('/v1/me/threads')) statuses.push('404');
  if (WRITE_METHODS.has(method)) statuses.push('409', '412', '422');
  // Body parsing runs before routing: a body sent where none is read is still decoded, so it can be too large or undecodable.
  statuses.push('413', '415');
  statuses.push('429', '503');
  return statuses;
}

type Parameter = { name: string; in: string; [key: string]: unknown };
type Operation = {
  requestBody?: unknown;
  responses?: Record<string, Record<string, unknown>>;
  parameters?: Parameter[];
  security?: unknown[];
};

const PURPOSE_QUERY = {
  name: 'purpose',
  in: 'query',
  required: false,
  description: 'Why the record is read, kept in the access record (or X-Access-Purpose)',
  schema: { type: 'string', maxLength: 500 },
};

/**
 * Completes the generated document with what Nest's decorators cannot say once for all routes: the ApiError schema on
 * every error response an operation can give, the correlation id header both ways, the rate-limit headers, and
 * ?purpose= beside X-Access-Purpose on every record read.
 * Routes outside /v1 (health) are public and answer in their own format, so they get no bearer requirement or
 * ApiError responses.
 */
export function addErrorResponses(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ApiError: API_ERROR_SCHEMA },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const op = raw as Operation;
      const parameters: Parameter[] = [
        ...(op.parameters ?? []),
        {
          name: 'X-Correlation-Id',
          in: 'header',
          required: false,
          description: 'Your id for this request, echoed back and kept in the record',
          schema: { type: 'string', maxLength: 100 },
        },
      ];
      op.parameters = parameters;
      const has = (name: string, where: string) => parameters.some((p) => p.name === name && p.in === where);
      if (has('X-Access-Purpose', 'header') && !has('purpose', 'query')) parameters.push(PURPOSE_QUERY);
      // The writes to ONE student take If-Match (its stream revision); the bulk routes refuse it.
      if (WRITE_METHODS.has(method) && path.startsWith('/v1/students/{id}')) {
        parameters.push({
          name: 'If-Match',
          in: 'header',
          required: false,
          description: 'The ETag of the record as you last read it; 412 if it changed since',
          schema: { type: 'string', example: '"3"' },
        });
      }
      op.responses = op.responses ?? {};
      if (!path.startsWith('/v1/')) {
        // Public routes keep the answers they document themselves (health's 503 is its own body); the refusals every
        // route shares (bad input, rate limit, ...) are added beside them.
        op.security = [];
        addErrors(op, path, method, (status) => !(status in op.responses!));
        continue;
      }
      const reads = method === 'get' && (path.startsWith('/v1/students/{id}') || path.startsWith('/v1/me/'));
      const studentWrite = WRITE_METHODS.has(method) && path.startsWith('/v1/students/{id}');
      for (const [status, response] of Object.entries(op.responses)) {
        response.headers = {
          'X-Correlation-Id': CORRELATION_HEADER,
          ...RATE_LIMIT_HEADERS,
          ...(reads ? { 'X-Record-Incomplete': RECORD_INCOMPLETE_HEADER } : {}),
          ...(studentWrite && status.startsWith('2') ? { ETag: ETAG_HEADER } : {}),
          ...(response.headers as object | undefined),
        };
      }
      addErrors(op, path, method, () => true);
    }
  }
  return document;
}

/** The ApiError answers an operation can give (those `add` accepts), each with its headers. */
function addErrors(op: Operation, path: string, method: string, add: (status: string) => boolean): void {
  for (const status of errorStatusesFor(path, method)) {
    if (!add(status)) continue;
    const retry = status === '429' || status === '503';
    op.responses![status] = {
      description: ERROR_DESCRIPTIONS[status] ?? 'Error',
      headers: {
        'X-Correlation-Id': CORRELATION_HEADER,
        ...(retry ? { 'Retry-After': RETRY_AFTER_HEADER } : {}),
        ...(status === '429' ? RATE_LIMIT_HEADERS : {}),
      },
      content: { 'application/json': { schema: ERROR_REF } },
    };
  }
}
