import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { pathOf } from './http-request';

export const DOCS_PATH = 'docs';

/**
 * Helmet's secure headers on every response. The API only ever returns JSON, so its CSP forbids everything
 * (nothing to load, nothing may frame it). Swagger UI at /docs is an HTML page with its own scripts, styles and
 * data: images, so it gets Helmet's default same-origin CSP instead; nothing else is relaxed.
 */
export function securityHeaders(): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  const api = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  const docs = helmet({
    // The docs page may be served over plain http in development; upgrading its asset URLs would break it there.
    contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: null } },
  });
  return (req, res, next) => (isDocsPath(pathOf(req)) ? docs : api)(req, res, next);
}

function isDocsPath(path: string): boolean {
  return path === `/${DOCS_PATH}` || path.startsWith(`/${DOCS_PATH}/`) || path.startsWith(`/${DOCS_PATH}-`);
}
