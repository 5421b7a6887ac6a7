/**
 * Sign-in with the district's OpenID Connect provider: authorization code + PKCE (S256), as a public client (no
 * secret in the browser). The tokens live in sessionStorage (this tab only, gone when it closes), never in
 * localStorage or cookies of ours. The access token goes to the API as a bearer token; the ID token says who signed
 * in (name, role, and `zoneinfo`: the time zone used only when the district's policy, which names its zone, cannot
 * be read).
 */
export interface ConsoleConfig {
  issuer: string | null;
  clientId: string;
  resource: string | null;
}

export interface Session {
  accessToken: string;
  /** The ID token, sent back as `id_token_hint` when signing out at the provider (absent in a session of an older console). */
  idToken?: string;
  expiresAt: number;
  user: { sub: string; name: string; role: string; district: string; zoneinfo: string };
}

const SESSION_KEY = 'console.session';
const PENDING_KEY = 'console.pending';
const SIGNED_OUT_KEY = 'console.signed-out';
const CALLBACK_PATH = '/console/callback';
/** Where the provider sends the browser after signing out (registered at the provider as a post-logout redirect URI). */
const SIGNED_OUT_PATH = '/console/';

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  /** RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0); a provider without it is signed out of locally only. */
  end_session_endpoint?: string;
}

async function discover(issuer: string): Promise<Discovery> {
  const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error('The sign-in service did not answer. Try again in a moment.');
  return (await res.json()) as Discovery;
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  bytes.forEach((b) => (s += String.fromCharCode(b)));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(
    decodeURIComponent(Array.from(json, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')),
  ) as Record<string, unknown>;
}

export function currentSession(): Session | null {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return null;
  const session = JSON.parse(raw) as Session;
  if (session.expiresAt <= Date.now() + 30_000) {
    sessionStorage.removeItem(SESSION_KEY);
    return null;
  }
  return session;
}

export function signOut(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/**
 * Signs out here and at the provider: forgets the console's session, then sends the browser to the provider's
 * `end_session_endpoint` with the ID token as `id_token_hint` and a `post_logout_redirect_uri` back to the console,
 * so that the next sign-in asks who is signing in instead of reusing the provider's session. Answers false, having
 * signed out here only, when there is no provider, it cannot be asked, or it has no end_session_endpoint.
 */
export async function signOutEverywhere(config: ConsoleConfig): Promise<boolean> {
  const raw = sessionStorage.getItem(SESSION_KEY);
  const idToken = raw ? (JSON.parse(raw) as Session).idToken : undefined;
  signOut();
  if (!config.issuer) return false;
  let endpoints: Discovery;
  try {
    endpoints = await discover(config.issuer);
  } catch {
    return false;
  }
  if (!endpoints.end_session_endpoint) return false;
  const url = new URL(endpoints.end_session_endpoint);
  url.searchParams.set('client_id', config.clientId);
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  url.searchParams.set('post_logout_redirect_uri', location.origin + SIGNED_OUT_PATH);
  sessionStorage.setItem(SIGNED_OUT_KEY, '1');
  location.assign(url.toString());
  return true;
}

/** Whether the browser is back from signing out at the provider (asked once: the answer is then forgotten). */
export function backFromSignOut(): boolean {
  const back = sessionStorage.getItem(SIGNED_OUT_KEY) !== null;
  sessionStorage.removeItem(SIGNED_OUT_KEY);
  return back;
}

export const SIGNED_OUT_EVENT = 'console:signed-out';

/** The API refused the token (expired, or the provider's keys changed): forget it and show the sign-in screen. */
export function sessionEnded(): void {
  signOut();
  dispatchEvent(new Event(SIGNED_OUT_EVENT));
}

/** Sends the browser to the provider's sign-in page; `returnTo` is the console path to come back to. */
export async function startSignIn(config: ConsoleConfig, returnTo: string): Promise<void> {
  if (!config.issuer) throw new Error('No identity provider is configured for this service (OIDC_ISSUER).');
  const endpoints = await discover(config.issuer);
  const verifier = randomString();
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const state = randomString();
  const nonce = randomString();
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, nonce, returnTo }));
  const url = new URL(endpoints.authorization_endpoint);
  const params: Record<string, string> = {
    client_id: config.clientId,
    response_type: 'code',
    scope: 'openid profile api',
    redirect_uri: location.origin + CALLBACK_PATH,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce,
  };
  if (config.resource) params.resource = config.resource;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  location.assign(url.toString());
}

export function isCallback(): boolean {
  return location.pathname === CALLBACK_PATH;
}

/** Finishes sign-in on /console/callback: checks state, swaps the code (with the PKCE verifier) for tokens. */
export async function finishSignIn(config: ConsoleConfig): Promise<{ session: Session; returnTo: string }> {
  const params = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as {
    verifier: string;
    state: string;
    nonce: string;
    returnTo: string;
  } | null;
  sessionStorage.removeItem(PENDING_KEY);
  if (params.get('error'))
    throw new Error(`Sign-in was refused: ${params.get('error_description') ?? params.get('error')}.`);
  if (!pending || params.get('state') !== pending.state)
    throw new Error('This sign-in link is stale or was not started here. Sign in again.');
  const endpoints = await discover(config.issuer!);
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: params.get('code') ?? '',
    redirect_uri: location.origin + CALLBACK_PATH,
    client_id: config.clientId,
    code_verifier: pending.verifier,
  });
  if (config.resource) body.set('resource', config.resource);
  const res = await fetch(endpoints.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  if (!res.ok) throw new Error('The sign-in service refused the sign-in. Sign in again.');
  const tokens = (await res.json()) as { access_token: string; id_token: string; expires_in: number };
  const claims = decodeJwtPayload(tokens.id_token);
  if (claims.nonce !== pending.nonce) throw new Error('The sign-in answer did not match this request. Sign in again.');
  const session: Session = {
    accessToken: tokens.access_token,
    idToken: tokens.id_token,
    expiresAt: Date.now() + tokens.expires_in * 1000,
    user: {
      sub: String(claims.sub),
      name: String(claims.name ?? claims.sub),
      role: String(claims.role ?? ''),
      district: String(claims.district ?? ''),
      zoneinfo: typeof claims.zoneinfo === 'string' ? claims.zoneinfo : 'UTC',
    },
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return { session, returnTo: pending.returnTo.startsWith('/console') ? pending.returnTo : '/console/' };
}
