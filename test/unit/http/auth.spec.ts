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
    new JwtService().sign(payload, {
      secret: config.jwt.secret,
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      expiresIn: '1h',
      ...options,
    });

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

  it('an expired token is 401 TOKEN_EXPIRED', async () =>
    expect401(await me(`Bearer ${mintToken(config, teacher, -120)}`), 'TOKEN_EXPIRED'));

  it('a token for another audience or issuer is 401', async () => {
    expect401(
      await me(`Bearer ${sign({ role: 'teacher', district: 'd-1' }, { subject: 'u-1', audience: 'other-api' })}`),
    );
    expect401(await me(`Bearer ${sign({ role: 'teacher', district: 'd-1' }, { subject: 'u-1', issuer: 'evil' })}`));
  });

  it('an unsigned ("alg": "none") token is 401', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: 'u-1',
      role: 'school_admin',
      district: 'd-1',
      iss: config.jwt.issuer,
      aud: config.jwt.audience,
      exp: now + 600,
    };
    expect401(await me(`Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.x`));
  });

  it('an invalid or "system" role claim is 401', async () => {
    expect401(await me(`Bearer ${sign({ role: 'superuser', district: 'd-1' }, { subject: 'u-1' })}`));
    expect401(await me(`Bearer ${sign({ role: 'system', district: 'd-1' }, { subject: 'u-1' })}`));
  });

  it('a token without exp is 401', async () => {
    const token = new JwtService().sign(
      { role: 'teacher', district: 'd-1' },
      { secret: config.jwt.secret, issuer: config.jwt.issuer, audience: config.jwt.audience, subject: 'u-1' },
    );
    expect401(await me(`Bearer ${token}`));
  });

  describe('token lifetime (JWT_MAX_LIFETIME_SECONDS, default 12 h)', () => {
    const now = () => Math.floor(Date.now() / 1000);
    /** exp and iat set by hand (jsonwebtoken keeps a given iat; without one, noTimestamp leaves it out). */
    const raw = (claims: Record<string, unknown>) =>
      new JwtService().sign(
        { role: 'teacher', district: 'd-1', ...claims },
        {
          secret: config.jwt.secret,
          issuer: config.jwt.issuer,
          audience: config.jwt.audience,
          subject: 'u-1',
          noTimestamp: !('iat' in claims),
        },
      );

    it('the default cap is 43,200 seconds', () => expect(config.jwt.maxLifetimeSeconds).toBe(43_200));

    it('refuses exp 10^20, a token over the cap by one second, and a token without iat', async () => {
      expect401(await me(`Bearer ${raw({ iat: now(), exp: 1e20 })}`));
      expect401(await me(`Bearer ${raw({ iat: now() - 10, exp: now() - 10 + 43_201 })}`));
      expect401(await me(`Bearer ${raw({ exp: now() + 600 })}`));
    });

    it('refuses iat in the future beyond the clock skew, and accepts one within it', async () => {
      expect401(await me(`Bearer ${raw({ iat: now() + 3600, exp: now() + 4000 })}`));
      expect((await me(`Bearer ${raw({ iat: now() + 5, exp: now() + 600 })}`)).status).toBe(200);
    });

    it('accepts a token of exactly the cap', async () => {
      expect((await me(`Bearer ${raw({ iat: now(), exp: now() + 43_200 })}`)).status).toBe(200);
    });

    it('minting sets iat and refuses a lifetime over the cap; a lower cap is enforced when verifying', () => {
      const payload = JSON.parse(Buffer.from(mintToken(config, teacher).split('.')[1]!, 'base64url').toString()) as {
        iat?: number;
        exp: number;
      };
      expect(payload.exp - payload.iat!).toBe(8 * 3600);
      expect(() => mintToken(config, teacher, '13h')).toThrow(/JWT_MAX_LIFETIME_SECONDS/);
      const strict = { jwt: { ...config.jwt, maxLifetimeSeconds: 3600 } };
      expect(() => verifyToken(strict, mintToken(config, teacher, '2h'))).toThrow(/lives longer/);
      expect(verifyToken(strict, mintToken(config, teacher, '1h')).id).toBe('u-1');
    });
  });

  it('the wrong role is 403 FORBIDDEN_ROLE naming the role', async () => {
    const token = mintToken(config, { sub: 'u-2', role: 'analytics', district: 'd-1' });
    const res = await request(app.getHttpServer())
      .post('/v1/things')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'x', count: 1 });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      code: 'FORBIDDEN_ROLE',
      message: 'The analytics role may not do this; it needs one of: teacher, school_admin.',
    });
  });

  it('@Public() routes need no token, and unauthenticated requests cannot reach body validation', async () => {
    const webhook = await request(app.getHttpServer())
      .post('/v1/webhooks/sms')
      .type('form')
      .send({ From: '+12015550123', Body: 'hi' });
    expect(webhook.status).toBe(201);
    expect(webhook.body).toEqual({ from: '+12015550123' });
    const guarded = await request(app.getHttpServer()).post('/v1/things').send({ junk: true });
    expect(guarded.status).toBe(401);
  });

  it('a token verified before is refused once it has expired, as on its first use, and accepted again while valid', () => {
    const token = mintToken(config, teacher, '1m');
    const first = verifyToken(config, token);
    first.role = 'compliance';
    expect(verifyToken(config, token)).toMatchObject({ id: 'u-1', role: 'teacher' });
    const later = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 91_000);
    try {
      expect(() => verifyToken(config, token)).toThrow(expect.objectContaining({ code: 'TOKEN_EXPIRED' }));
    } finally {
      later.mockRestore();
    }
    expect(verifyToken(config, token).id).toBe('u-1');
  });

  it('verifyToken returns the actor for tokens mintToken issues', () => {
    expect(verifyToken(config, mintToken(config, { sub: 's', role: 'sis', district: 'd' }))).toEqual({
      id: 's',
      role: 'sis',
      districtId: 'd',
    });
  });
});
