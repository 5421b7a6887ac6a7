import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import type { AppConfig } from '../../../src/infrastructure/config/app-config';
import { mintToken, verifyToken } from '../../../src/infrastructure/auth/token.service';
import { createHttpTestApp } from './http-test-app';

describe('authentication and roles', () => {
  let app: INestApplication;
  let config: AppConfig;

  beforeAll(async () => {
    ({ app, config } = await createHttpTestApp());
  });
  afterAll(() => app.close());

  const me = (authorization?: string) => {
    const req = request(app.getHttpServer()).get('/v1/things/me');
    return authorization === undefined ? req : req.set('Authorization', authorization);
  };
  const teacher = { sub: 'u-1', role: 'teacher' as const, district: 'd-1', initials: 'A.Bell', name: 'Amy Bell' };
  /** Signs with the right secret but arbitrary claims/options, to forge "almost valid" tokens. */
  const sign = (payload: object, options: Record<string, unknown> = {}) =>
    new JwtService().sign(payload, { secret: config.jwt.secret, issuer: config.jwt.issuer, audience: config.jwt.audience, expiresIn: '1h', ...options });

  function expect401(res: request.Response, code = 'UNAUTHENTICATED'): void {
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 401, code });
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
    expect(res.body.error.correlationId).toBe(res.headers['x-correlation-id']);
  }

  it('a valid token sets the actor', async () => {
    const res = await me(`Bearer ${mintToken(config, teacher)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 'u-1', role: 'teacher', districtId: 'd-1', initials: 'A.Bell', name: 'Amy Bell' });
  });

  it('no token is 401 UNAUTHENTICATED', async () => expect401(await me()));

  it('a malformed Authorization header is 401', async () => {
    expect401(await me('Basic dXNlcjpwYXNz'));
    expect401(await me('Bearer not-a-jwt'));
  });

  it('a bad signature is 401', async () => {
    const token = mintToken({ jwt: { ...config.jwt, secret: 'another-secret-another-secret-another' } }, teacher);
    expect401(await me(`Bearer ${token}`));
  });

  it('an expired token is 401 TOKEN_EXPIRED', async () => expect401(await me(`Bearer ${mintToken(config, teacher, -120)}`), 'TOKEN_EXPIRED'));

  it('a token for another audience or issuer is 401', async () => {
    expect401(await me(`Bearer ${sign({ role: 'teacher', district: 'd-1' }, { subject: 'u-1', audience: 'other-api' })}`));
    expect401(await me(`Bearer ${sign({ role: 'teacher', district: 'd-1' }, { subject: 'u-1', issuer: 'evil' })}`));
  });

  it('an unsigned ("alg": "none") token is 401', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'u-1', role: 'school_admin', district: 'd-1', iss: config.jwt.issuer, aud: config.jwt.audience, exp: now + 600 };
    expect401(await me(`Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.x`));
  });

  it('an invalid or "system" role claim is 401', async () => {
    expect401(await me(`Bearer ${sign({ role: 'superuser', district: 'd-1' }, { subject: 'u-1' })}`));
    expect401(await me(`Bearer ${sign({ role: 'system', district: 'd-1' }, { subject: 'u-1' })}`));
  });

  it('a token without exp is 401', async () => {
    const token = new JwtService().sign({ role: 'teacher', district: 'd-1' }, { secret: config.jwt.secret, issuer: config.jwt.issuer, audience: config.jwt.audience, subject: 'u-1' });
    expect401(await me(`Bearer ${token}`));
  });

  it('the wrong role is 403 FORBIDDEN_ROLE naming the role', async () => {
    const token = mintToken(config, { sub: 'u-2', role: 'analytics', district: 'd-1' });
    const res = await request(app.getHttpServer()).post('/v1/things').set('Authorization', `Bearer ${token}`).send({ name: 'x', count: 1 });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'FORBIDDEN_ROLE', message: 'The analytics role may not do this; it needs one of: teacher, school_admin.' });
  });

  it('@Public() routes need no token, and unauthenticated requests cannot reach body validation', async () => {
    const webhook = await request(app.getHttpServer()).post('/v1/webhooks/sms').type('form').send({ From: '+12015550123', Body: 'hi' });
    expect(webhook.status).toBe(201);
    expect(webhook.body).toEqual({ from: '+12015550123' });
    const guarded = await request(app.getHttpServer()).post('/v1/things').send({ junk: true });
    expect(guarded.status).toBe(401);
  });

  it('verifyToken returns the actor for tokens mintToken issues', () => {
    expect(verifyToken(config, mintToken(config, { sub: 's', role: 'sis', district: 'd' }))).toEqual({ id: 's', role: 'sis', districtId: 'd' });
  });
});
