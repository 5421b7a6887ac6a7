// The demo district's OpenID Connect provider (the `oidc-provider` library), for `npm start` and the browser tests.
// It is NOT for production: anyone may sign in as any demo user (dev/identity-provider/demo-users.json), and its
// signing key is made new at every start. A district points the service at its own provider instead (OIDC_* in the
// README). It runs as a child process because oidc-provider is ESM-only and jest loads CommonJS.
//
// Environment: DEMO_OIDC_PORT (required), DEMO_OIDC_CONSOLE_ORIGINS (comma-separated origins of the console, whose
// /console/callback is the only redirect allowed), DEMO_OIDC_AUDIENCE (the API resource and audience, an absolute URI;
// default urn:student-texting:api). Prints one JSON line {"ready":true,"issuer":...} when it listens; exits when stdin closes
// (its parent went away) or on SIGTERM.
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

const demo = JSON.parse(readFileSync(new URL('./demo-users.json', import.meta.url), 'utf8'));
const port = Number(process.env.DEMO_OIDC_PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('DEMO_OIDC_PORT must be a port number.');
const origins = (process.env.DEMO_OIDC_CONSOLE_ORIGINS ?? 'http://localhost:3000').split(',').map((s) => s.trim()).filter(Boolean);
const audience = process.env.DEMO_OIDC_AUDIENCE ?? 'urn:student-texting:api';
const issuer = `http://localhost:${port}`;
const users = new Map(demo.users.map((u) => [u.sub, u]));

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: `demo-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' };

/** What the console and the API need to know about a person: the API reads role, district, name and initials. */
function claimsOf(user) {
  return { sub: user.sub, name: user.name, zoneinfo: demo.timeZone, role: user.role, district: demo.district, initials: user.initials };
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'console',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: origins.map((o) => `${o}/console/callback`),
    post_logout_redirect_uris: origins.map((o) => `${o}/console/`),
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  scopes: ['openid', 'profile'],
  claims: { openid: ['sub'], profile: ['name', 'zoneinfo', 'role', 'district', 'initials'] },
  // The console reads who signed in (name, role, time zone) from the ID token.
  conformIdTokenClaims: false,
  findAccount: (_ctx, sub) => (users.has(sub) ? { accountId: sub, claims: () => claimsOf(users.get(sub)) } : undefined),
  clientBasedCORS: (_ctx, origin) => origins.includes(origin),
  ttl: { AccessToken: 3600, IdToken: 3600, Session: 8 * 3600, Interaction: 600, Grant: 8 * 3600 },
  features: {
    devInteractions: { enabled: false },
    // Sign-out from the console (RP-initiated logout): the provider's session ends too, so the next sign-in asks again.
    rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== audience) throw new Provider.errors.InvalidTarget();
        return { scope: 'api', audience, accessTokenTTL: 3600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  // The API reads the caller from its access token: the same claims as the ID token.
  extraTokenClaims: (_ctx, token) => {
    const user = users.get(token.accountId);
    return user ? { role: user.role, district: demo.district, name: user.name, initials: user.initials } : undefined;
  },
  // A first-party client: no consent screen; the grant covers sign-in and the API.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile');
    grant.addOIDCClaims(['name', 'zoneinfo', 'role', 'district', 'initials']);
    grant.addResourceScope(audience, 'api');
    await grant.save();
    return grant;
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Sign-in problem', `<h1>Sign-in problem</h1><p>${escape(out.error_description ?? out.error)}</p>`);
  },
});

const ROLE_NAMES = { teacher: 'Teacher', registrar: 'Registrar', school_admin: 'School administrator', compliance: 'Records officer (compliance)', student: 'Student' };

function escape(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} - Demo district sign-in</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f4f6f8}main{max-width:36rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;border:1px solid #c9ced6}
ul{list-style:none;padding:0}li{margin:.5rem 0}button{font:inherit;width:100%;text-align:left;padding:.6rem .9rem;border:1px solid #1d4f91;border-radius:6px;background:#fff;color:#1d4f91;cursor:pointer}
button:hover,button:focus-visible{background:#1d4f91;color:#fff;outline:3px solid #f2b705;outline-offset:2px}.note{color:#4a4f57}</style></head>
<body><main>${body}</main></body></html>`;
}

// The console's sign-out sends the ID token it was given (id_token_hint): when it names the person signed in here, that
// person asked already, so the page signs out at once; otherwise (no hint, someone else's) it asks with one button.
// `form` is the library's (id "op.logoutForm", with its anti-forgery field); the button sends logout=yes with it.
async function logoutSource(ctx, form) {
  const hinted = ctx.oidc.entities.IdTokenHint?.payload?.sub;
  const asked = hinted !== undefined && hinted === ctx.oidc.session.accountId;
  ctx.type = 'html';
  ctx.body = page('Sign out', `<h1>Sign out of the demo district</h1>${form}
<p class="note">${asked ? 'Signing you out…' : 'Sign out of your demo district account on this browser.'}</p>
<button id="sign-out" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
${asked ? `<script>document.addEventListener('DOMContentLoaded', () => document.getElementById('sign-out').click());</script>` : ''}`);
}

async function postLogoutSuccessSource(ctx) {
  ctx.type = 'html';
  ctx.body = page('Signed out', '<h1>You have signed out</h1><p>You are signed out of the demo district.</p>');
}

function loginPage(uid) {
  const items = demo.users.map((u) => `<li><button type="submit" name="user" value="${escape(u.sub)}">${escape(u.name)} <span class="note">(${escape(ROLE_NAMES[u.role] ?? u.role)})</span></button></li>`).join('');
  return page('Sign in', `<h1>Sign in to the demo district</h1>
<p class="note">A demonstration provider: choose a person to sign in as. A real district signs in with its own accounts.</p>
<form method="post" action="/interaction/${escape(uid)}/login"><ul aria-label="Demo people">${items}</ul></form>`);
}

async function readForm(req) {
  let raw = '';
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(raw);
}

const handle = provider.callback();
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', issuer);
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
  if (!match) return handle(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(loginPage(details.uid));
    }
    if (req.method === 'POST' && match[2]) {
      const sub = (await readForm(req)).get('user');
      if (!sub || !users.has(sub)) {
        res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(page('Unknown person', '<h1>Unknown person</h1><p>Choose one of the demo people.</p>'));
      }
      return await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
    }
    res.writeHead(405).end();
  } catch (error) {
    res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page('Sign-in expired', `<h1>Sign-in expired</h1><p>${escape(error?.message ?? 'Start again from the console.')}</p>`));
  }
});

server.listen(port, () => process.stdout.write(`${JSON.stringify({ ready: true, issuer })}\n`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
