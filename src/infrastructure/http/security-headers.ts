import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const DOCS_PATH = 'docs';

/** Response headers, by name, as one set. */
export type HeaderSet = Readonly<Record<string, string>>;

/**
 * What Helmet's middleware with these options sets on every response, worked out once at startup: with fixed
 * directives (no per-request nonce) Helmet writes the same values each time, so a hook can put the set on each reply
 * instead of running the dozen middlewares per request. Refuses options whose headers depend on the request.
 */
export function helmetHeaders(options: HelmetOptions): HeaderSet {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name] = String(value)),
    // X-Powered-By: Fastify never sets it.
    removeHeader: () => undefined,
  };
  let finished = false;
  const request = new Proxy({} as IncomingMessage, {
    get: () => {
      throw new Error('helmetHeaders: these Helmet options read the request; they cannot be worked out once');
    },
  });
  helmet(options)(request, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    finished = true;
  });
  if (!finished) throw new Error('helmetHeaders: Helmet did not finish synchronously');
  return Object.freeze(headers);
}

/**
 * Helmet's secure headers on every response. The API only ever returns JSON, so its CSP forbids everything
 * (nothing to load, nothing may frame it). Swagger UI at /docs is an HTML page with its own scripts, styles and
 * data: images, so it gets Helmet's default same-origin CSP instead; nothing else is relaxed.
 */
export function securityHeaders(): (path: string) => HeaderSet {
  const api = helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  const docs = helmetHeaders({
    // The docs page may be served over plain http in development; upgrading its asset URLs would break it there.
    contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: null } },
  });
  return (path) => (isDocsPath(path) ? docs : api);
}

/** The set for a request path (worked out once, at startup). */
export const securityHeadersFor = securityHeaders();

function isDocsPath(path: string): boolean {
  return path === `/${DOCS_PATH}` || path.startsWith(`/${DOCS_PATH}/`) || path.startsWith(`/${DOCS_PATH}-`);
}
