import { HttpStatus } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { ROLES, type Actor, type Role } from '../../domain/shared/actor';
import type { IdentityProviderConfig } from '../config/identity-provider-config';
import { apiHttpException } from '../http/api-error';
import { TokenRejectedError } from './token-rejected.error';

/** Asymmetric algorithms accepted from the provider; HS256 stays the service's own and "none" is never accepted. */
export const PROVIDER_ALGORITHMS = ['RS256', 'ES256'] as const;
const CLOCK_TOLERANCE_SECONDS = 30;
const MAX_CLAIM_LENGTH = 200;

/**
 * Verifies the district identity provider's tokens with jose: signature against the provider's JWKS (fetched once,
 * cached for `jwksCacheSeconds`, and fetched again when a token names a key id it has not seen, which is how a key
 * rotation reaches us), algorithm, issuer, audience, expiry. Then the configured claims become the Actor, the
 * provider's role values mapped to ours.
 */
export class IdentityProviderVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly config: IdentityProviderConfig,
    private readonly maxLifetimeSeconds: number,
  ) {
    this.keys = createRemoteJWKSet(new URL(config.jwksUrl), {
      cacheMaxAge: config.jwksCacheSeconds * 1000,
      cooldownDuration: config.jwksCooldownSeconds * 1000,
      timeoutDuration: 5_000,
    });
  }

  async verify(token: string): Promise<Actor> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: [...PROVIDER_ALGORITHMS],
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iat'],
      }));
    } catch (error) {
      throw this.rejection(error);
    }
    const { exp, iat } = payload as { exp: number; iat: number };
    if (exp - iat > this.maxLifetimeSeconds) {
      throw new TokenRejectedError(
        'UNAUTHENTICATED',
        `The bearer token lives longer than this service accepts (${this.maxLifetimeSeconds} seconds); sign in again.`,
      );
    }
    return this.toActor(payload);
  }

  private rejection(error: unknown): Error {
    if (error instanceof errors.JWTExpired)
      return new TokenRejectedError('TOKEN_EXPIRED', 'Your session has expired; sign in again.');
    // The provider's keys could not be had: not the caller's fault, and it may pass (503, not 401).
    if (providerUnreachable(error)) {
      return apiHttpException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'IDENTITY_PROVIDER_UNAVAILABLE',
        "The identity provider's signing keys cannot be reached right now; try again shortly.",
      );
    }
    return new TokenRejectedError('UNAUTHENTICATED', 'The bearer token is not valid; sign in again.');
  }

  private toActor(payload: JWTPayload): Actor {
    const { claims, roleMap } = this.config;
    const id = claimString(payload, claims.subject);
    const districtId = claimString(payload, claims.district);
    const role = this.role(claimAt(payload, claims.role), roleMap);
    if (!id) throw invalidClaim(claims.subject);
    if (!districtId) throw invalidClaim(claims.district);
    if (!role) throw invalidClaim(claims.role);
    const actor: Actor = { id, role, districtId };
    const name = claimString(payload, claims.name);
    const initials = claimString(payload, claims.initials);
    if (name) actor.name = name;
    if (initials) actor.initials = initials;
    return actor;
  }

  /** A role claim may be one value or a list (providers put groups in arrays): exactly one must map to a role. */
  private role(value: unknown, roleMap: ReadonlyMap<string, Role>): Role | undefined {
    const values = Array.isArray(value) ? value : [value];
    const mapped = new Set(
      values
        .filter((v): v is string => typeof v === 'string')
        .map((v) => roleMap.get(v))
        .filter((r): r is Role => r !== undefined),
    );
    if (mapped.size !== 1) return undefined;
    const [role] = mapped;
    return role !== 'system' && (ROLES as readonly string[]).includes(role!) ? role : undefined;
  }
}

/**
 * jose's own failure to get the key set: a network error (not a JOSEError at all), a timeout, a malformed set, or the
 * bare JOSEError it throws for a non-200 answer. Every other JOSEError says something about the token itself.
 */
function providerUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (!(error instanceof errors.JOSEError)) return true;
  return (
    error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error.constructor === errors.JOSEError
  );
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function claimString(payload: JWTPayload, path: string): string | undefined {
  const value = claimAt(payload, path);
  return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_CLAIM_LENGTH ? value : undefined;
}

function invalidClaim(claim: string): TokenRejectedError {
  return new TokenRejectedError(
    'UNAUTHENTICATED',
    `The bearer token's "${claim}" claim is missing or not valid; sign in again.`,
  );
}
