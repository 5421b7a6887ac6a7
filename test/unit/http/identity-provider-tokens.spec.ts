import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { mintToken } from '../../../src/infrastructure/auth/token.service';
import type { AppConfig } from '../../../src/infrastructure/config/app-config';
import { ConfigError, loadConfig } from '../../../src/infrastructure/config/app-config';
import { JwksServer, providerKey, signAsProvider, type ProviderKey } from '../../support/identity-provider/jwks-server';
import { BASE_ENV, createHttpTestApp } from './http-test-app';

const ISSUER = 'https://idp.district.example/realms/d1';
const AUDIENCE = 'student-texting-api';

describe('tokens from the district identity provider (RS256/ES256 against its JWKS)', () => {
  const jwks = new JwksServer();
  let app: INestApplication;
  let config: AppConfig;
  let rsa: ProviderKey;
  let ec: ProviderKey;

  beforeAll(async () => {
    await jwks.start();
    rsa = await providerKey('rsa-1', 'RS256');
    ec = await providerKey('ec-1', 'ES256');
    jwks.keys = [rsa, ec];
    ({ app, config } = await createHttpTestApp({
      OIDC_ISSUER: ISSUER,
      OIDC_JWKS_URL: jwks.url,
      OIDC_AUDIENCE: AUDIENCE,
      OIDC_ROLE_CLAIM: 'ext.groups',
      OIDC_DISTRICT_CLAIM: 'ext.district',
      OIDC_ROLE_MAP: 'Teachers=teacher,Registrars=registrar,Records=compliance',
      OIDC_JWKS_COOLDOWN_SECONDS: '0',
    }));
  });
  afterAll(async () => {
    await app.close();
    await jwks.stop();
  });

  const me = (token: string) =>
    request(app.getHttpServer()).get('/v1/things/me').set('Authorization', `Bearer ${token}`);
  const sign = (
    key: ProviderKey,
    claims: Record<string, unknown>,
    options: { issuer?: string; audience?: string; lifetimeSeconds?: number; kid?: string } = {},
  ) => signAsProvider(key, claims, { issuer: ISSUER, audience: AUDIENCE, ...options });
  const bell = {
    sub: 't-bell',
    name: 'Amy Bell',
    initials: 'A.Bell',
    ext: { groups: ['Staff', 'Teachers'], district: 'd1' },
  };

  it('accepts RS256 and ES256 tokens and maps the configured claims to the caller', async () => {
    for (const key of [rsa, ec]) {
      const res = await me(await sign(key, bell));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: 't-bell',
        role: 'teacher',
        districtId: 'd1',
        name: 'Amy Bell',
        initials: 'A.Bell',
      });
    }
  });

  it("still accepts the service's own HS256 tokens beside them", async () => {
    const res = await me(mintToken(config, { sub: 'sis-1', role: 'sis', district: 'd1' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'sis-1', role: 'sis' });
  });

  it('picks up a rotated key: a token naming a new key id makes it fetch the key set again', async () => {
    const rotated = await providerKey('rsa-2', 'RS256');
    const before = jwks.fetches;
    jwks.keys = [rotated, ec];
    const res = await me(await sign(rotated, bell));
    expect(res.status).toBe(200);
    expect(jwks.fetches).toBeGreaterThan(before);
    // The retired key is gone from the provider's set: its tokens are no longer accepted.
    expect((await me(await sign(rsa, bell))).status).toBe(401);
    jwks.keys = [rsa, ec];
  });

  it.each([
    ['another issuer', { issuer: 'https://evil.example' }, bell],
    ['another audience', { audience: 'someone-else' }, bell],
    ['a lifetime over 12 hours', { lifetimeSeconds: 13 * 3600 }, bell],
    ['a provider role that maps to none of ours', {}, { ...bell, ext: { groups: ['Parents'], district: 'd1' } }],
    [
      'two provider roles that map to different roles',
      {},
      { ...bell, ext: { groups: ['Teachers', 'Records'], district: 'd1' } },
    ],
    ['no district', {}, { ...bell, ext: { groups: ['Teachers'] } }],
    ['no iat', {}, { ...bell, iat: undefined }],
  ])('refuses a token with %s (401 UNAUTHENTICATED)', async (_what, options, claims) => {
    const res = await me(await sign(rsa, claims as Record<string, unknown>, options));
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'UNAUTHENTICATED', correlationId: expect.any(String) });
  });

  it('refuses an expired token as TOKEN_EXPIRED', async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    const res = await me(await sign(rsa, { ...bell, iat: past, exp: past + 3600 }));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token signed by a key the provider never published', async () => {
    const stranger = await providerKey('rsa-1', 'RS256');
    expect((await me(await sign(stranger, bell))).status).toBe(401);
  });

  it("answers 503 IDENTITY_PROVIDER_UNAVAILABLE when the provider's keys cannot be fetched", async () => {
    const unseen = await providerKey('rsa-9', 'RS256');
    jwks.down = true;
    try {
      const res = await me(await sign(unseen, bell));
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('IDENTITY_PROVIDER_UNAVAILABLE');
    } finally {
      jwks.down = false;
    }
  });
});

describe('identity provider configuration', () => {
  it('needs a JWKS address and an audience once an issuer is set, and valid role mappings', () => {
    expect(() => loadConfig({ ...BASE_ENV, OIDC_ISSUER: ISSUER })).toThrow(ConfigError);
    expect(() =>
      loadConfig({
        ...BASE_ENV,
        OIDC_ISSUER: ISSUER,
        OIDC_JWKS_URL: 'https://idp/jwks',
        OIDC_AUDIENCE: 'a',
        OIDC_ROLE_MAP: 'Admins=system',
      }),
    ).toThrow(/OIDC_ROLE_MAP/);
    expect(() =>
      loadConfig({
        ...BASE_ENV,
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(40),
        OIDC_ISSUER: ISSUER,
        OIDC_JWKS_URL: 'http://idp/jwks',
        OIDC_AUDIENCE: 'a',
      }),
    ).toThrow(/OIDC_JWKS_URL/);
    const config = loadConfig({
      ...BASE_ENV,
      OIDC_ISSUER: ISSUER,
      OIDC_JWKS_URL: 'https://idp/jwks',
      OIDC_AUDIENCE: 'a',
    });
    expect(config.identityProvider?.roleMap.get('teacher')).toBe('teacher');
    expect(config.identityProvider?.roleMap.has('system')).toBe(false);
  });
});
