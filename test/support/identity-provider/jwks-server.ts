import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type CryptoKey } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One signing key of the test identity provider. */
export interface ProviderKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  jwk: Record<string, unknown>;
}

export async function providerKey(kid: string, alg: 'RS256' | 'ES256'): Promise<ProviderKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/**
 * A district identity provider's JWKS endpoint on localhost (the far side of a network: this is the one thing the
 * tests stand in for). `keys` is what it publishes now; `fetches` counts requests; `down` makes it answer 503.
 */
export class JwksServer {
  keys: ProviderKey[] = [];
  fetches = 0;
  down = false;
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.fetches++;
      if (this.down || req.url !== '/jwks') {
        res.writeHead(this.down ? 503 : 404).end();
        return;
      }
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ keys: this.keys.map((k) => k.jwk) }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/jwks`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Signs a token as the provider would, with `iat`/`exp` from `lifetimeSeconds` unless the claims set them. */
export function signAsProvider(
  key: ProviderKey,
  claims: JWTPayload,
  options: { issuer: string; audience: string; lifetimeSeconds?: number; kid?: string },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iat: now, exp: now + (options.lifetimeSeconds ?? 3600), ...claims })
    .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, typ: 'JWT' })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .sign(key.privateKey);
}
