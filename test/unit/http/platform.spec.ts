import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { mintToken } from '../../../src/infrastructure/auth/token.service';
import { createHttpTestApp, type TestHealth } from './http-test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('HTTP platform', () => {
  let app: INestApplication;
  let health: TestHealth;

  beforeAll(async () => {
    ({ app, health } = await createHttpTestApp());
  });
  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());

  describe('correlation id', () => {
    it('is generated when absent, on success and on error responses', async () => {
      const ok = await http().get('/health');
      expect(ok.headers['x-correlation-id']).toMatch(UUID);
      const err = await http().get('/v1/things/me');
      expect(err.headers['x-correlation-id']).toMatch(UUID);
      expect(err.body.error.correlationId).toBe(err.headers['x-correlation-id']);
      expect(err.headers['x-correlation-id']).not.toBe(ok.headers['x-correlation-id']);
    });

    it('echoes a sane supplied X-Correlation-Id', async () => {
      const res = await http().get('/v1/things/me').set('X-Correlation-Id', 'portal:req-42.a_b');
      expect(res.headers['x-correlation-id']).toBe('portal:req-42.a_b');
      expect(res.body.error.correlationId).toBe('portal:req-42.a_b');
    });

    it.each([['with spaces and <script>'], ['x'.repeat(101)]])('replaces an unsafe one (%#)', async (supplied) => {
      const res = await http().get('/health').set('X-Correlation-Id', supplied);
      expect(res.headers['x-correlation-id']).toMatch(UUID);
    });

    it('is present even when the body parser rejects the request', async () => {
      const res = await http()
        .post('/v1/things')
        .set('Content-Type', 'application/json')
        .set('X-Correlation-Id', 'c-1')
        .send('{');
      expect(res.headers['x-correlation-id']).toBe('c-1');
      expect(res.body.error).toMatchObject({ code: 'MALFORMED_JSON', correlationId: 'c-1' });
    });
  });

  describe('secure headers', () => {
    it('sets helmet headers and a deny-all CSP on the API, and no x-powered-by', async () => {
      const res = await http().get('/health');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      expect(res.headers['x-powered-by']).toBeUndefined();
      const err = await http().get('/nowhere');
      expect(err.headers['x-powered-by']).toBeUndefined();
      expect(err.headers['x-content-type-options']).toBe('nosniff');
    });

    it('serves Swagger UI at /docs with a same-origin CSP that lets it load, and the document at /docs-json', async () => {
      const ui = await http().get('/docs/');
      expect(ui.status).toBe(200);
      expect(ui.text).toContain('swagger-ui');
      expect(ui.headers['content-security-policy']).toContain("script-src 'self'");
      const doc = await http().get('/docs-json');
      expect(doc.status).toBe(200);
      expect(doc.body.info.title).toBe('Student texting service');
      expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/health', '/v1/things']));
    });
  });

  describe('/health', () => {
    afterEach(() => {
      health.database = true;
      health.eventStore = true;
    });

    it('is public and reports both dependencies up', async () => {
      const res = await http().get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, eventStore: { status: 'up' } },
        error: {},
      });
    });

    it('is 503 in the health format, without failure messages, when a dependency is down', async () => {
      health.eventStore = false;
      const res = await http().get('/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        status: 'unavailable',
        info: { database: { status: 'up' } },
        error: { eventStore: { status: 'down' } },
      });
      expect(JSON.stringify(res.body)).not.toContain('eventStore down');
    });
  });
});

describe('rate limiting', () => {
  let app: INestApplication;
  beforeAll(async () => {
    ({ app } = await createHttpTestApp({ RATE_LIMIT_PER_IP_PER_MINUTE: '3' }));
  });
  afterAll(() => app.close());

  it('answers 429 RATE_LIMITED once the per-minute limit is spent, before checking tokens', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await request(app.getHttpServer()).get('/v1/things/me')).status);
    expect(statuses).toEqual([401, 401, 401]);
    const token = mintToken(
      { jwt: { secret: 'x', issuer: 'y', audience: 'z', development: true, maxLifetimeSeconds: 43_200 } },
      { sub: 'u', role: 'teacher', district: 'd' },
    );
    const res = await request(app.getHttpServer()).get('/v1/things/me').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(res.headers['retry-after']).toBeDefined();
  });
});
