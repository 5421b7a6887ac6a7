import { ROLES, type Role } from '../../domain/shared/actor';

/**
 * The district's identity provider (OpenID Connect): its tokens are accepted next to the service's own HS256 tokens.
 * Unset (no OIDC_ISSUER), only service tokens are accepted.
 */
export interface IdentityProviderConfig {
  /** The `iss` every token must carry (the provider's issuer identifier). */
  issuer: string;
  /** Where the provider publishes its signing keys (JWKS); fetched, cached and refetched on an unknown key id. */
  jwksUrl: string;
  /** The `aud` every token must carry (this API's client id or resource at the provider). */
  audience: string;
  /** Claims (dot paths into the token) that carry each part of the caller. */
  claims: { subject: string; role: string; district: string; name: string; initials: string };
  /** The provider's role values mapped to this service's roles; a token whose role is not here is refused. */
  roleMap: ReadonlyMap<string, Role>;
  /** How long fetched keys are trusted before they are fetched again. */
  jwksCacheSeconds: number;
  /** The least time between two fetches, so tokens with made-up key ids cannot make us hammer the provider. */
  jwksCooldownSeconds: number;
}

type Str = (name: string) => string | undefined;

const CLAIM_PATH = /^[A-Za-z_][A-Za-z0-9_:-]*(\.[A-Za-z_][A-Za-z0-9_:-]*)*$/;
const ASSIGNABLE: readonly Role[] = ROLES.filter((r) => r !== 'system');

/** `Teacher=teacher,Registrar=registrar`; unset, each of our role names maps to itself. */
function roleMap(raw: string | undefined, problems: string[]): Map<string, Role> {
  const map = new Map<string, Role>();
  if (raw === undefined) {
    for (const role of ASSIGNABLE) map.set(role, role);
    return map;
  }
  for (const pair of raw.split(',')) {
    const [from, to] = pair.split('=').map((s) => s.trim());
    if (!from || !to || !(ASSIGNABLE as readonly string[]).includes(to)) {
      problems.push(
        `OIDC_ROLE_MAP must be a comma-separated list of providerRole=role pairs, each role one of ${ASSIGNABLE.join(', ')}.`,
      );
      return map;
    }
    map.set(from, to as Role);
  }
  return map;
}

function httpUrl(raw: string | undefined, production: boolean): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === 'https:' || (!production && url.protocol === 'http:')) return url.toString();
  } catch {
    // reported by the caller
  }
  return undefined;
}

/** The identity-provider part of the configuration (app-config.ts calls it); every problem is one sentence. */
export function identityProviderConfig(
  str: Str,
  int: (name: string, fallback: number, min: number, max: number) => number,
  production: boolean,
  problems: string[],
): IdentityProviderConfig | undefined {
  const issuer = str('OIDC_ISSUER');
  if (issuer === undefined) return undefined;
  const jwksUrl = httpUrl(str('OIDC_JWKS_URL'), production);
  if (jwksUrl === undefined)
    problems.push(
      `OIDC_JWKS_URL must be the provider's JWKS address (https${production ? '' : ' or, outside production, http'}) when OIDC_ISSUER is set.`,
    );
  const audience = str('OIDC_AUDIENCE');
  if (audience === undefined)
    problems.push(
      'OIDC_AUDIENCE is required when OIDC_ISSUER is set (the audience the provider puts in tokens for this API).',
    );
  const claim = (name: string, fallback: string): string => {
    const value = str(name) ?? fallback;
    if (!CLAIM_PATH.test(value))
      problems.push(`${name} must be a claim name or a dot path to one (e.g. "ext.district").`);
    return value;
  };
  return {
    issuer,
    jwksUrl: jwksUrl ?? '',
    audience: audience ?? '',
    claims: {
      subject: claim('OIDC_SUBJECT_CLAIM', 'sub'),
      role: claim('OIDC_ROLE_CLAIM', 'role'),
      district: claim('OIDC_DISTRICT_CLAIM', 'district'),
      name: claim('OIDC_NAME_CLAIM', 'name'),
      initials: claim('OIDC_INITIALS_CLAIM', 'initials'),
    },
    roleMap: roleMap(str('OIDC_ROLE_MAP'), problems),
    jwksCacheSeconds: int('OIDC_JWKS_CACHE_SECONDS', 600, 10, 86_400),
    jwksCooldownSeconds: int('OIDC_JWKS_COOLDOWN_SECONDS', 30, 0, 3_600),
  };
}
