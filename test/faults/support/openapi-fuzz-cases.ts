import { brotliCompressSync } from 'node:zlib';

/**
 * Bad-input cases generated from the service's own OpenAPI document (/docs-json): for every operation, every field
 * of its request body (nested ones too), every path and query parameter, and the body as a whole, one request per
 * malformed value of each class. Nothing here knows a route by name: a new route is fuzzed as soon as it is documented.
 */
export type MalformedClass = 'nul' | 'surrogates' | 'wrong_types' | 'huge_values' | 'bad_encodings' | 'extra_fields';
export const CLASSES: readonly MalformedClass[] = [
  'nul',
  'surrogates',
  'wrong_types',
  'huge_values',
  'bad_encodings',
  'extra_fields',
];

interface Schema {
  type?: string;
  $ref?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface FuzzOperation {
  method: string;
  template: string;
  pathParams: string[];
  queryParams: string[];
  body: Schema | null;
  /** Its 200 is an endless text/event-stream: read its status from the first bytes (test/support/first-bytes.ts). */
  stream: boolean;
}

export interface FuzzRequest {
  cls: MalformedClass;
  operation: FuzzOperation;
  /** Path with the query string, already encoded (so raw %00 or broken escapes reach the server as they are). */
  url: string;
  headers: Record<string, string>;
  /** Sent as is: a string or bytes, never re-serialized. */
  body?: string | Buffer;
}

const NUL = ['\u0000', 'a\u0000', '\u0000b', `${'x'.repeat(40)}\u0000`];
const SURROGATES = ['\ud800', '\udc00', 'a\ud83d', '\udc4d\ud83d'];
/** Values of any type but the field's own (an array of the wrong items counts as wrong). */
function wrongTypes(doc: OpenApiDocument, raw: Schema): unknown[] {
  const schema = resolve(doc, raw);
  switch (schema.type) {
    case 'number':
    case 'integer':
      return ['5', true, {}, [], [1], { n: 1 }, 'NaN'];
    case 'boolean':
      return ['true', 1, 0, {}, [], [true], 'yes'];
    case 'array': {
      const item = schema.items ? resolve(doc, schema.items) : {};
      return ['x', 42, true, {}, { 0: 'x' }, item.properties ? ['x', 42] : [{}, 42], [[]]];
    }
    case 'object':
      return schema.properties ? ['x', 42, true, [], [{}], 'null', -1] : [42, true, [], {}, [1], { a: 1 }, -0.5];
    default:
      return [42, true, {}, [], ['x'], { a: 1 }, -0.5];
  }
}
const HUGE: unknown[] = ['x'.repeat(20_000), 'y'.repeat(150_000), 1e308, -1e308, 2 ** 64, deepArray(400)];

function deepArray(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

export function operationsOf(doc: OpenApiDocument): FuzzOperation[] {
  const ops: FuzzOperation[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      const ref = op.requestBody?.content?.['application/json']?.schema;
      ops.push({
        method,
        template,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        body: ref ? resolve(doc, ref) : null,
        stream: op.responses?.['200']?.content?.['text/event-stream'] !== undefined,
      });
    }
  }
  return ops;
}

function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  return doc.components!.schemas![schema.$ref.split('/').pop()!]!;
}

/** A plausible value for a schema (its example, first enum value, or a minimal one): the base every case mutates. */
function sample(doc: OpenApiDocument, raw: Schema): unknown {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  if (schema.properties)
    return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, sample(doc, v)]));
  if (schema.type === 'array') return schema.items ? [sample(doc, schema.items)] : [];
  if (schema.type === 'number' || schema.type === 'integer') return 1;
  if (schema.type === 'boolean') return true;
  return 'x';
}

/** Every field of a body schema with its path ("quietHours.start", "listedContacts.0.name"). */
function fieldPaths(doc: OpenApiDocument, raw: Schema, prefix: string[] = []): { path: string[]; schema: Schema }[] {
  const schema = resolve(doc, raw);
  if (prefix.length > 4) return [];
  const out: { path: string[]; schema: Schema }[] = [];
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const path = [...prefix, name];
    out.push({ path, schema: child });
    const c = resolve(doc, child);
    if (c.properties) out.push(...fieldPaths(doc, c, path));
    if (c.type === 'array' && c.items && resolve(doc, c.items).properties)
      out.push(...fieldPaths(doc, c.items, [...path, '0']));
  }
  return out;
}

function withValue(base: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = /^\d+$/.test(key) ? [] : {};
    at = at[key] as Record<string, unknown>;
  }
  at[path[path.length - 1]!] = value;
  return copy;
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** Garbage under each encoding we decode, one we do not, bytes that are not UTF-8, and bodies that are not a JSON object. */
function encodingCases(valid: string): { headers: Record<string, string>; body: string | Buffer }[] {
  const garbage = Buffer.from('definitely not compressed', 'latin1');
  return [
    ...['gzip', 'deflate', 'br', 'zstd', 'x-unknown', 'gzip, br'].map((enc) => ({
      headers: { ...JSON_HEADERS, 'Content-Encoding': enc },
      body: garbage,
    })),
    { headers: { ...JSON_HEADERS, 'Content-Encoding': 'gzip' }, body: brotliCompressSync(valid) },
    // Labelled UTF-16 but sent as UTF-8 (a correctly labelled UTF-16 body is valid and decoded).
    { headers: { 'Content-Type': 'application/json; charset=utf-16' }, body: valid },
    { headers: { 'Content-Type': 'application/json; charset=koi8-r' }, body: valid },
    {
      headers: JSON_HEADERS,
      body: Buffer.concat([
        Buffer.from('{"x":"'),
        Buffer.from([0xff, 0xfe, 0xc0, 0xed, 0xa0, 0x80]),
        Buffer.from('"}'),
      ]),
    },
    { headers: JSON_HEADERS, body: valid.slice(0, Math.max(1, valid.length - 3)) },
    ...['[]', '42', '"text"', 'null', '{"a":', '{}}', '{"a":1,}'].map((body) => ({ headers: JSON_HEADERS, body })),
    { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'body=%00&x=%ED%A0%80' },
    { headers: { 'Content-Type': 'text/plain' }, body: valid },
  ];
}

/** All requests for one operation: path values fill the template; `query` is appended to every URL. */
export function casesFor(doc: OpenApiDocument, op: FuzzOperation, pathValues: Record<string, string>): FuzzRequest[] {
  const fill = (overrides: Record<string, string> = {}) =>
    op.template.replace(
      /\{(\w+)\}/g,
      (_m, name: string) => overrides[name] ?? encodeURIComponent(pathValues[name] ?? 'x'),
    );
  const out: FuzzRequest[] = [];
  const base = op.body ? sample(doc, op.body) : undefined;
  const json = (value: unknown, cls: MalformedClass, url = fill()) =>
    out.push({ cls, operation: op, url, headers: JSON_HEADERS, body: JSON.stringify(value) });
  const plain = (cls: MalformedClass, url: string) =>
    out.push({
      cls,
      operation: op,
      url,
      headers: base === undefined ? {} : JSON_HEADERS,
      ...(base === undefined ? {} : { body: JSON.stringify(base) }),
    });

  if (op.body) {
    for (const { path, schema } of fieldPaths(doc, op.body)) {
      for (const v of NUL) json(withValue(base, path, v), 'nul');
      for (const v of SURROGATES) json(withValue(base, path, v), 'surrogates');
      for (const v of wrongTypes(doc, schema)) json(withValue(base, path, v), 'wrong_types');
      for (const v of HUGE) json(withValue(base, path, v), 'huge_values');
      json(withValue(base, [...path.slice(0, -1), `${path[path.length - 1]}_extra`], 'x'), 'extra_fields');
    }
    json({ ...(base as object), ['k\u0000']: 'x' }, 'nul');
    json({ ...(base as object), ['k\ud800']: 'x' }, 'surrogates');
    json(
      Object.assign({}, base, Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, i]))),
      'extra_fields',
    );
    out.push({
      cls: 'extra_fields',
      operation: op,
      url: fill(),
      headers: JSON_HEADERS,
      body: `{"__proto__":{"role":"school_admin"},${JSON.stringify(base).slice(1)}`,
    });
    json({ ...(base as object), constructor: { prototype: { admin: true } } }, 'extra_fields');
    for (const c of encodingCases(JSON.stringify(base)))
      out.push({ cls: 'bad_encodings', operation: op, url: fill(), ...c });
  } else {
    // A body where none is expected: refused or ignored, never a 5xx.
    json({ unexpected: true }, 'extra_fields');
    for (const c of encodingCases('{"unexpected":true}').slice(0, 6))
      out.push({ cls: 'bad_encodings', operation: op, url: fill(), ...c });
  }
  for (const name of op.pathParams) {
    for (const v of ['%00', 'a%00', '%00b']) plain('nul', fill({ [name]: v }));
    for (const v of ['%ED%A0%80', '%ED%B0%80', 'a%ED%A0%BD']) plain('surrogates', fill({ [name]: v }));
    for (const v of ['%FF', '%', '%E0%A4', '..%2F..%2Fadmin', '%20', '-1', 'null'])
      plain('bad_encodings', fill({ [name]: v }));
    for (const v of ['x'.repeat(300), 'x'.repeat(6000)]) plain('huge_values', fill({ [name]: v }));
  }
  const url = fill();
  for (const name of op.queryParams) {
    for (const v of ['%00', 'a%00b']) plain('nul', `${url}?${name}=${v}`);
    for (const v of ['%ED%A0%80', '%ED%B0%80']) plain('surrogates', `${url}?${name}=${v}`);
    for (const q of [`${name}=a&${name}=b`, `${name}[x]=1`, `${name}=`]) plain('wrong_types', `${url}?${q}`);
    for (const v of ['1e400', '9'.repeat(40), 'x'.repeat(6000)]) plain('huge_values', `${url}?${name}=${v}`);
    for (const v of ['%FF', '%', '%E0%A4']) plain('bad_encodings', `${url}?${name}=${v}`);
  }
  // An unknown query parameter on a read (a write ignores the query string, as HTTP allows).
  if (!op.body) plain('extra_fields', `${url}?unknownParam=1`);
  return out;
}
