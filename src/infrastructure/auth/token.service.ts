import { Inject, Injectable } from '@nestjs/common';
import { decodeProtectedHeader } from 'jose';
import { JwtService, type JwtModuleOptions, type JwtSignOptions, TokenExpiredError } from '@nestjs/jwt';
import { type Actor, type Role, ROLES } from '../../domain/shared/actor';
import { unstorableReason } from '../../domain/shared/storable-text';
import { createSecretKey } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { IdentityProviderVerifier, PROVIDER_ALGORITHMS } from './identity-provider.verifier';
import { TokenRejectedError } from './token-rejected.error';

export interface TokenClaims {
  sub: string;
  role: Role;
  district: string;
  initials?: string;
  name?: string;
}

export { TokenRejectedError, type TokenRejection } from './token-rejected.error';

type JwtSettings = Pick<AppConfig, 'jwt'>;
/** A jsonwebtoken timespan ("8h", "30m", "2d") or seconds; jsonwebtoken rejects anything else. */
export type TokenLifetime = string | number;

/** Clock skew tolerated between the token issuer and this server, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 30;
const MAX_CLAIM_LENGTH = 200;

/**
 * HS256 only, both ways, with issuer and audience pinned: a token signed with another algorithm ("none", RS256 with
 * the secret as a public key) or for another service is refused.
 */
export function jwtModuleOptions(config: JwtSettings): JwtModuleOptions {
  const { secret, issuer, audience } = config.jwt;
  return {
    secret,
    signOptions: { algorithm: 'HS256', issuer, audience, expiresIn: '8h' },
    verifyOptions: { algorithms: ['HS256'], issuer, audience, clockTolerance: CLOCK_TOLERANCE_SECONDS },
  };
}

/**
 * Signs a token for a caller (staff portal, CLI, tests), always with iat (the verifier refuses a token without one),
 * and never for longer than the configured cap, which the verifier enforces too.
 */
export function mintToken(config: JwtSettings, claims: TokenClaims, expiresIn: TokenLifetime = '8h'): string {
  const { sub, role, district, initials, name } = claims;
  if (role === 'system') throw new Error('No token may carry the system role: it is the service itself.');
  const iat = Math.floor(Date.now() / 1000);
  const payload = {
    role,
    district,
    iat,
    ...(initials !== undefined ? { initials } : {}),
    ...(name !== undefined ? { name } : {}),
  };
  const token = new JwtService(jwtModuleOptions(config)).sign(payload, {
    subject: sub,
    expiresIn: expiresIn as JwtSignOptions['expiresIn'],
  });
  const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number };
  if (exp - iat > config.jwt.maxLifetimeSeconds) {
    throw new Error(
      `A token may live at most ${config.jwt.maxLifetimeSeconds} seconds (JWT_MAX_LIFETIME_SECONDS); ask for a shorter --expires.`,
    );
  }
  return token;
}

/**
 * Verifiers by settings. The secret is handed to jsonwebtoken as a secret KeyObject, made once: given a string,
 * jsonwebtoken first tries to parse it as a PEM public key on every call (and fails), which cost a sixth of the
 * service's CPU per command in the benchmark (bench/NOTES.md). Each keeps the tokens it verified lately (below).
 */
const verifiers = new WeakMap<
  JwtSettings['jwt'],
  { made: JwtSettings['jwt']; verifier: JwtService; verified: Map<string, VerifiedToken> }
>();

/**
 * A token this verifier accepted, with the claims whose checks depend on the time. A portal or sync client sends
 * the same token with every request for hours: its signature, issuer, audience and claims are checked once, and
 * every later use only checks the time again (expiry, not-before, issued-at, with the same tolerance), so the answer
 * is the one a full verification would give. A token no longer valid in time is verified again in full, which then
 * refuses it as it always did (TOKEN_EXPIRED). At most VERIFIED_KEPT tokens, the oldest dropped first.
 */
interface VerifiedToken {
  actor: Actor;
  exp: number;
  iat: number;
  nbf: number | undefined;
}
const VERIFIED_KEPT = 10_000;

function verifierFor(config: JwtSettings) {
  const known = verifiers.get(config.jwt);
  const { secret, issuer, audience, maxLifetimeSeconds } = config.jwt;
  if (
    known &&
    known.made.secret === secret &&
    known.made.issuer === issuer &&
    known.made.audience === audience &&
    known.made.maxLifetimeSeconds === maxLifetimeSeconds
  )
    return known;
  const options = jwtModuleOptions(config);
  // @nestjs/jwt types the secret as a string; it hands it to jsonwebtoken as is, which accepts a KeyObject.
  const verifier = new JwtService({
    ...options,
    secret: createSecretKey(Buffer.from(secret, 'utf8')) as unknown as string,
  });
  const made = { made: { ...config.jwt }, verifier, verified: new Map<string, VerifiedToken>() };
  verifiers.set(config.jwt, made);
  return made;
}

/** jsonwebtoken's own time checks (exp, nbf, with the tolerance) and toActor's on iat, at `nowSeconds`. */
function stillValid({ exp, iat, nbf }: VerifiedToken, nowSeconds: number): boolean {
  const clock = Math.floor(nowSeconds);
  return (
    clock < exp + CLOCK_TOLERANCE_SECONDS &&
    (nbf === undefined || nbf <= clock + CLOCK_TOLERANCE_SECONDS) &&
    iat <= nowSeconds + CLOCK_TOLERANCE_SECONDS
  );
}

/** Verifies signature, algorithm, issuer, audience and expiry, then the claims; returns the Actor or throws TokenRejectedError. */
export function verifyToken(config: JwtSettings, token: string): Actor {
  const { verifier, verified } = verifierFor(config);
  const seen = verified.get(token);
  if (seen && stillValid(seen, Date.now() / 1000)) return { ...seen.actor };
  verified.delete(token);
  let payload: Record<string, unknown>;
  try {
    payload = verifier.verify<Record<string, unknown>>(token);
  } catch (error) {
    if (error instanceof TokenExpiredError)
      throw new TokenRejectedError('TOKEN_EXPIRED', 'Your session has expired; sign in again.');
    throw new TokenRejectedError('UNAUTHENTICATED', 'The bearer token is not valid; sign in again.');
  }
  const actor = toActor(payload, config.jwt.maxLifetimeSeconds);
  if (verified.size >= VERIFIED_KEPT) verified.delete(verified.keys().next().value!);
  const { exp, iat, nbf } = payload as { exp: number; iat: number; nbf?: unknown };
  verified.set(token, { actor: { ...actor }, exp, iat, nbf: typeof nbf === 'number' ? nbf : undefined });
  return actor;
}

function toActor(payload: Record<string, unknown>, maxLifetimeSeconds: number): Actor {
  const { sub, role, district, initials, name, exp, iat } = payload;
  // A token without exp would be valid forever; this service never issues one.
  if (typeof exp !== 'number') throw invalidClaim('exp');
  // Without iat its lifetime is unknown; issued in the future (beyond the clock skew) it could outlive the cap.
  if (typeof iat !== 'number' || !Number.isFinite(iat) || iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS)
    throw invalidClaim('iat');
  if (exp - iat > maxLifetimeSeconds) {
    throw new TokenRejectedError(
      'UNAUTHENTICATED',
      `The bearer token lives longer than this service allows (${maxLifetimeSeconds} seconds); sign in again.`,
    );
  }
  if (!isClaimString(sub)) throw invalidClaim('sub');
  if (!isClaimString(district)) throw invalidClaim('district');
  // 'system' is the service acting on its own (delivery reports, dispatch); no caller may claim it.
  if (typeof role !== 'string' || role === 'system' || !(ROLES as readonly string[]).includes(role))
    throw invalidClaim('role');
  if (initials !== undefined && !isClaimString(initials)) throw invalidClaim('initials');
  if (name !== undefined && !isClaimString(name)) throw invalidClaim('name');
  const actor: Actor = { id: sub, role: role as Role, districtId: district };
  if (initials !== undefined) actor.initials = initials;
  if (name !== undefined) actor.name = name;
  return actor;
}

function isClaimString(value: unknown): value is string {
  // Claims are recorded as the actor of what the caller does: text PostgreSQL cannot store is refused here too.
  return (
    typeof value === 'string' &&
    value.trim() !== '' &&
    value.length <= MAX_CLAIM_LENGTH &&
    unstorableReason(value) === null
  );
}

function invalidClaim(claim: string): TokenRejectedError {
  return new TokenRejectedError(
    'UNAUTHENTICATED',
    `The bearer token's "${claim}" claim is missing or not valid; sign in again.`,
  );
}

/**
 * Injectable face of the functions above, bound to the app's config. A token's algorithm picks its verifier: HS256
 * is the service's own (portal back end, CLI, sync clients); RS256/ES256 come from the district's identity provider,
 * when one is configured. Anything else is refused.
 */
@Injectable()
export class TokenService {
  private readonly provider: IdentityProviderVerifier | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.provider = config.identityProvider
      ? new IdentityProviderVerifier(config.identityProvider, config.jwt.maxLifetimeSeconds)
      : undefined;
  }

  mint(claims: TokenClaims, expiresIn: TokenLifetime = '8h'): string {
    return mintToken(this.config, claims, expiresIn);
  }

  /** Synchronous for service tokens (the common, hot path); a promise only for the identity provider's. */
  verify(token: string): Actor | Promise<Actor> {
    if (this.provider && (PROVIDER_ALGORITHMS as readonly string[]).includes(algorithmOf(token)))
      return this.provider.verify(token);
    return verifyToken(this.config, token);
  }
}

function algorithmOf(token: string): string {
  try {
    return decodeProtectedHeader(token).alg ?? '';
  } catch {
    return '';
  }
}
