import { type INestApplication, Logger } from '@nestjs/common';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import type { AppConfig } from '../../../src/infrastructure/config/app-config';
import { mintToken } from '../../../src/infrastructure/auth/token.service';
import { createHttpTestApp } from './http-test-app';

/** Every error the platform maps, through a real Nest app: status, code, sentence, correlation id. */
describe('API error mapping', () => {
  let app: INestApplication;
  let config: AppConfig;
  let auth: string;

  beforeAll(async () => {
    ({ app, config } = await createHttpTestApp());
    auth = `Bearer ${mintToken(config, { sub: 'u-1', role: 'teacher', district: 'd-1', initials: 'A.Bell' })}`;
  });
  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());

  function expectError(res: request.Response, status: number, code: string): void {
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
    expect(res.body.error.message).toMatch(/\S/);
    expect(res.body.error.correlationId).toBe(res.headers['x-correlation-id']);
    expect(Object.keys(res.body)).toEqual(['error']);
  }

  it('accepts a valid body and transforms it into the DTO, with bigint as a string', async () => {
    const res = await http()
      .post('/v1/things')
      .set('Authorization', auth)
      .send({ name: 'Pencils', count: 3, pet: { name: 'Rex' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      received: { name: 'Pencils', count: 3, pet: { name: 'Rex' } },
      by: 'u-1',
      isDto: true,
      revision: '9007199254740993',
    });
  });

  it('malformed JSON is 400 MALFORMED_JSON', async () => {
    const res = await http()
      .post('/v1/things')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json')
      .send('{"name": "x",');
    expectError(res, 400, 'MALFORMED_JSON');
  });

  it('a JSON string at the top level is refused (strict JSON)', async () => {
    const res = await http()
      .post('/v1/things')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json')
      .send('"just text"');
    expectError(res, 400, 'MALFORMED_JSON');
  });

  it('an unknown field is 400 VALIDATION_FAILED naming it', async () => {
    const res = await http().post('/v1/things').set('Authorization', auth).send({ name: 'x', count: 1, isAdmin: true });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.details.fields).toEqual([
      { field: 'isAdmin', problems: ['property isAdmin should not exist'] },
    ]);
  });

  it('a wrong type is 400 VALIDATION_FAILED (no implicit conversion) with nested paths, without echoing values', async () => {
    const res = await http()
      .post('/v1/things')
      .set('Authorization', auth)
      .send({ name: 'x', count: '5', pet: { name: '' } });
    expectError(res, 400, 'VALIDATION_FAILED');
    const fields = res.body.error.details.fields as { field: string; problems: string[] }[];
    expect(fields.map((f) => f.field)).toEqual(['count', 'pet.name']);
    expect(fields[0]!.problems).toContain('count must be an integer number');
    expect(JSON.stringify(res.body)).not.toContain('"5"');
  });

  it('an oversized body is 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await http()
      .post('/v1/things')
      .set('Authorization', auth)
      .send({ name: 'x'.repeat(200_000), count: 1 });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  // supertest would serialize a Buffer as JSON under a JSON content type: send the bytes as they are.
  const encoded = (encoding: string, bytes: Buffer) =>
    http()
      .post('/v1/things')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', encoding)
      .serialize((b: unknown) => b as string)
      .send(bytes as unknown as string);

  it.each([
    ['gzip', 'not gzip at all'],
    ['deflate', 'not deflate'],
    ['br', '\u00ff\u00ff\u00ff garbage'],
    ['gzip', ''],
  ])(
    'a body that does not decode as its Content-Encoding (%s) is 400 UNDECODABLE_BODY, not 5xx',
    async (encoding, bytes) => {
      const res = await encoded(encoding, Buffer.from(bytes, 'latin1'));
      if (bytes === '') expect(res.status).toBeLessThan(500);
      else expectError(res, 400, 'UNDECODABLE_BODY');
    },
  );

  it('a gzip body cut short is 400 UNDECODABLE_BODY; a whole one is read', async () => {
    const whole = gzipSync(JSON.stringify({ name: 'Pencils', count: 3 }));
    const cut = await encoded('gzip', whole.subarray(0, whole.length - 6));
    expectError(cut, 400, 'UNDECODABLE_BODY');
    const ok = await encoded('gzip', whole);
    expect({ status: ok.status, name: ok.body.received?.name }).toEqual({ status: 201, name: 'Pencils' });
  });

  it('an unknown Content-Encoding is 415', async () => {
    const res = await http()
      .post('/v1/things')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'x-rot13')
      .send('{}');
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body in an unsupported media type is 415', async () => {
    const res = await http()
      .post('/v1/things')
      .set('Authorization', auth)
      .set('Content-Type', 'text/plain')
      .send('hello');
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('an unknown route is 404 ROUTE_NOT_FOUND without echoing the query string', async () => {
    const res = await http().get('/v1/nowhere?phone=%2B12015550123').set('Authorization', auth);
    expectError(res, 404, 'ROUTE_NOT_FOUND');
    expect(res.body.error.message).toBe('No route matches GET /v1/nowhere.');
  });

  it.each([
    ['invalid', 400],
    ['not_found', 404],
    ['forbidden', 403],
    ['conflict', 409],
    ['rule', 422],
  ])('DomainError kind %s is %i with its own code, message and details', async (kind, status) => {
    const res = await http().get(`/v1/things/fail/${kind}`).set('Authorization', auth);
    expectError(res, status, `DOMAIN_${kind.toUpperCase()}`);
    expect(res.body.error.message).toBe(`The ${kind} rule said no.`);
    expect(res.body.error.details).toEqual({ hint: kind });
  });

  it('ConcurrencyError is 409 CONCURRENCY_CONFLICT', async () => {
    expectError(
      await http().get('/v1/things/fail/concurrency').set('Authorization', auth),
      409,
      'CONCURRENCY_CONFLICT',
    );
  });

  it('ConcurrencyError with If-Match is 412 PRECONDITION_FAILED', async () => {
    expectError(
      await http().put('/v1/things/concurrency').set('Authorization', auth).set('If-Match', '"3"'),
      412,
      'PRECONDITION_FAILED',
    );
  });

  it('EventStoreUnavailableError is 503 EVENT_STORE_UNAVAILABLE with Retry-After, hiding the host', async () => {
    const res = await http().get('/v1/things/fail/store-down').set('Authorization', auth);
    expectError(res, 503, 'EVENT_STORE_UNAVAILABLE');
    expect(res.headers['retry-after']).toBe('5');
    expect(JSON.stringify(res.body)).not.toContain('10.0.0.7');
  });

  it('AppendTooLargeError (EventStoreDB MaxAppendSizeExceeded) is 413 APPEND_TOO_LARGE naming the limit', async () => {
    const res = await http().get('/v1/things/fail/append-too-large').set('Authorization', auth);
    expectError(res, 413, 'APPEND_TOO_LARGE');
    expect(res.body.error.message).toContain('1048576 bytes');
    expect(JSON.stringify(res.body)).not.toContain('student-1');
  });

  it.each(['pg-down', 'pg-refused'])('a database connection failure (%s) is 503 STORE_UNAVAILABLE', async (kind) => {
    expectError(await http().get(`/v1/things/fail/${kind}`).set('Authorization', auth), 503, 'STORE_UNAVAILABLE');
  });

  it('an unexpected error is 500 INTERNAL_ERROR: generic sentence out, details only in the error log', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const res = await http().get('/v1/things/fail/unexpected?phone=%2B12015550123').set('Authorization', auth);
      expectError(res, 500, 'INTERNAL_ERROR');
      expect(JSON.stringify(res.body)).not.toMatch(/secretColumn|TypeError|undefined/);
      expect(logged).toHaveBeenCalledTimes(1);
      const entry = logged.mock.calls[0]![0] as Record<string, unknown>;
      expect(entry).toMatchObject({
        correlationId: res.body.error.correlationId,
        path: '/v1/things/fail/unexpected',
        status: 500,
      });
      expect(JSON.stringify(entry)).toContain('secretColumn');
      expect(JSON.stringify(entry)).not.toContain('12015550123');
    } finally {
      logged.mockRestore();
    }
  });
});
