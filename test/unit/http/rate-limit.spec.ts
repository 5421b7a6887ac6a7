import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Role } from '../../../src/domain/shared/actor';
import { mintToken } from '../../../src/infrastructure/auth/token.service';
import { SlidingWindowCounter } from '../../../src/infrastructure/http/rate-limit/sliding-window.counter';
import type { AppConfig } from '../../../src/infrastructure/config/app-config';
import { createHttpTestApp } from './http-test-app';

describe('sliding-window counter', () => {
  it('allows the limit within a window, then refuses, counting down what remains', () => {
    const counter = new SlidingWindowCounter(60_000);
    const at = 60_000 * 100 + 1_000;
    const verdicts = [1, 2, 3, 4].map(() => counter.hit('k', 3, at));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false]);
    expect(verdicts.map((v) => v.remaining)).toEqual([2, 1, 0, 0]);
    expect(verdicts[3]!.resetSeconds).toBe(59);
    // Another key has its own budget.
    expect(counter.hit('other', 3, at).allowed).toBe(true);
  });

  it('weights the previous window by how much of it is still inside the sliding minute', () => {
    const counter = new SlidingWindowCounter(60_000);
    const start = 60_000 * 100;
    for (let i = 0; i < 10; i++) expect(counter.hit('k', 10, start + 59_000).allowed).toBe(true);
    // Half-way through the next window, half of the previous 10 still count: 5 more fit, not 10.
    const halfway = start + 60_000 + 30_000;
    const allowed = Array.from({ length: 10 }, () => counter.hit('k', 10, halfway).allowed).filter(Boolean).length;
    expect(allowed).toBe(5);
    // After two whole windows of silence nothing is remembered.
    expect(counter.hit('k', 1, start + 60_000 * 3 + 1).allowed).toBe(true);
  });
});

describe('API rate limits', () => {
  let app: INestApplication;
  let config: AppConfig;
  beforeAll(async () => {
    ({ app, config } = await createHttpTestApp({
      RATE_LIMIT_PER_MINUTE: '2',
      RATE_LIMIT_SYNC_PER_MINUTE: '4',
      RATE_LIMIT_PER_IP_PER_MINUTE: '100',
    }));
  });
  afterAll(() => app.close());

  const as = (sub: string, role: Role) => `Bearer ${mintToken(config, { sub, role, district: 'd1' })}`;
  const me = (auth: string) => request(app.getHttpServer()).get('/v1/things/me').set('Authorization', auth);

  it('gives each client identity its own budget, with the standard RateLimit headers', async () => {
    const bell = as('t-bell', 'teacher');
    const first = await me(bell);
    expect(first.status).toBe(200);
    expect(first.headers).toMatchObject({
      'ratelimit-limit': '2',
      'ratelimit-remaining': '1',
      'ratelimit-policy': '2;w=60',
    });
    expect(Number(first.headers['ratelimit-reset'])).toBeGreaterThanOrEqual(1);
    expect((await me(bell)).status).toBe(200);
    const refused = await me(bell);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', correlationId: expect.any(String) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Same IP, another teacher: not affected by Mrs. Bell's budget.
    expect((await me(as('t-ruiz', 'teacher'))).status).toBe(200);
  });

  it('gives sync clients (SIS) their own larger budget', async () => {
    const sis = as('sis-1', 'sis');
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await me(sis)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('does not count provider webhooks (they are authenticated by signature)', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await request(app.getHttpServer())
        .post('/v1/webhooks/sms')
        .type('form')
        .send({ From: '+12015550100' });
      expect(res.status).toBe(201);
      expect(res.headers['ratelimit-limit']).toBeUndefined();
    }
  });
});
