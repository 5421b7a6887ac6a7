import { startTestApp, type TestApp } from '../support/test-app';

type Schema = {
  type?: string;
  $ref?: string;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: unknown;
  allOf?: unknown[];
};
type Response = { content?: Record<string, { schema?: Schema }>; headers?: Record<string, unknown> };
type Operation = {
  responses: Record<string, Response>;
  parameters?: { name: string; in: string }[];
  security?: unknown[];
};
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

/** Issue 15: what a portal team generates a client from must say every error, header and string field. */
describe('e2e: the OpenAPI document', () => {
  let t: TestApp;
  let doc: Doc;
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method, op })),
    );

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/docs-json').expect(200)).body as Doc;
  });
  afterAll(() => t.close());

  it('gives every /v1 operation the one ApiError schema for 400, 401, 403, 429 and 503, with Retry-After where it is sent', () => {
    const v1 = operations().filter((o) => o.path.startsWith('/v1/'));
    expect(v1.length).toBeGreaterThan(30);
    for (const { path, method, op } of v1) {
      for (const status of ['400', '401', '403', '429', '503']) {
        expect({ path, method, status, schema: op.responses[status]?.content?.['application/json']?.schema }).toEqual({
          path,
          method,
          status,
          schema: { $ref: '#/components/schemas/ApiError' },
        });
      }
      if (path.includes('{'))
        expect({ path, method, has404: '404' in op.responses }).toEqual({ path, method, has404: true });
      expect(op.responses['503']?.headers).toHaveProperty('Retry-After');
      expect(op.parameters?.map((p) => `${p.in}:${p.name}`)).toContain('header:X-Correlation-Id');
    }
    expect(doc.components.schemas.ApiError?.properties?.error?.properties).toMatchObject({
      code: { type: 'string' },
      message: { type: 'string' },
      correlationId: { type: 'string' },
    });
  });

  it('gives every success answer but a 204 a schema, under a media type the client can read', () => {
    const missing = operations().flatMap(({ path, method, op }) =>
      Object.entries(op.responses)
        .filter(
          ([status, r]) =>
            status.startsWith('2') && status !== '204' && !Object.values(r.content ?? {}).some((m) => m.schema),
        )
        .map(([status]) => `${method.toUpperCase()} ${path} ${status}`),
    );
    expect(missing).toEqual([]);
    expect(Object.keys(doc.paths['/webhooks/twilio/inbound']!.post!.responses['200']?.content ?? {})).toEqual([
      'text/xml',
    ]);
    expect(doc.paths['/webhooks/twilio/status']!.post!.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['header:X-Twilio-Signature', 'query:messageId', 'query:studentId']),
    );
  });

  it('answers every write to one student with its ETag, and no write to many students takes If-Match', () => {
    for (const { path, method, op } of operations().filter(
      (o) => o.method !== 'get' && o.path.startsWith('/v1/students/{id}'),
    )) {
      const success = Object.entries(op.responses).filter(([s]) => s.startsWith('2'));
      expect({ path, method, etag: success.every(([, r]) => r.headers && 'ETag' in r.headers) }).toEqual({
        path,
        method,
        etag: true,
      });
    }
    expect(doc.paths['/v1/students/bulk']!.post!.parameters?.map((p) => p.name)).not.toContain('If-Match');
  });

  it('documents If-Match on the student writes and no bearer token on /health', () => {
    const send = doc.paths['/v1/students/{id}/sms']!.post!;
    expect(send.parameters?.map((p) => `${p.in}:${p.name}`)).toContain('header:If-Match');
    expect(doc.paths['/health']!.get!.security).toEqual([]);
  });

  it('documents ?purpose= and X-Access-Purpose on every record read, RateLimit-* on answers, and the export media types', () => {
    const reads = [
      '/v1/students/{id}/threads',
      '/v1/students/{id}/log',
      '/v1/compliance/students/{id}/history',
      '/v1/compliance/students/{id}/export',
      '/v1/me/threads',
    ];
    for (const path of reads) {
      const names = doc.paths[path]!.get!.parameters?.map((p) => `${p.in}:${p.name}`);
      expect({ path, names }).toEqual({
        path,
        names: expect.arrayContaining(['query:purpose', 'header:X-Access-Purpose']),
      });
      expect(names?.filter((n) => n === 'query:purpose')).toHaveLength(1);
    }
    expect(doc.paths['/v1/students/{id}/threads']!.get!.responses['200']?.headers).toHaveProperty(
      'RateLimit-Remaining',
    );
    expect(doc.paths['/v1/students/{id}/threads']!.get!.responses['200']?.headers).toHaveProperty(
      'X-Record-Incomplete',
    );
    expect(
      Object.keys(doc.paths['/v1/compliance/students/{id}/export']!.get!.responses['200']?.content ?? {}).sort(),
    ).toEqual(['application/x-ndjson', 'text/csv', 'text/html']);
  });

  it('documents SendSms as 202 queued and 200 for a repeat, not 201', () => {
    const statuses = Object.keys(doc.paths['/v1/students/{id}/sms']!.post!.responses).filter((s) => s.startsWith('2'));
    expect(statuses.sort()).toEqual(['200', '202']);
  });

  it('types numbers and addresses as strings, so "(201) 555-0177" can be sent', () => {
    const schemas = doc.components.schemas;
    for (const [name, field] of [
      ['RegisterStudentDto', 'smsNumber'],
      ['RegisterStudentDto', 'address'],
      ['UpdateContactDto', 'smsNumber'],
      ['UpdateContactDto', 'address'],
      ['ListedContactDto', 'phone'],
    ] as const) {
      expect({ name, field, type: schemas[name]?.properties?.[field]?.type }).toEqual({ name, field, type: 'string' });
    }
    // A nullable string declared without its type comes out as a bare nullable object; real objects say their fields.
    const objectStrings = Object.entries(schemas).flatMap(([name, s]) =>
      Object.entries(s.properties ?? {})
        .filter(([, p]) => p.type === 'object' && p.nullable && !p.properties && !p.additionalProperties && !p.allOf)
        .map(([f]) => `${name}.${f}`),
    );
    expect(objectStrings).toEqual([]);
  });
});
