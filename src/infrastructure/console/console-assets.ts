import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type Request, type Response, type NextFunction } from 'express';
import helmet from 'helmet';
import path from 'node:path';

export const CONSOLE_PATH = '/console';

/** What the browser console needs to sign people in (served as /console/config.json; nothing secret). */
export interface ConsoleSettings {
  /** The OpenID Connect issuer the console signs in with; null: no provider configured (the console says so). */
  issuer: string | null;
  /** The console's client id at the provider (a public client: authorization code + PKCE, no secret). */
  clientId: string;
  /** The resource indicator asked for, so the access token's audience is this API (OIDC_AUDIENCE). */
  resource: string | null;
  /** The folder holding the built bundle (assets/console.js, assets/console.css). */
  buildDir: string;
}

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Student texting console</title>
<link rel="stylesheet" href="${CONSOLE_PATH}/assets/console.css">
<script type="module" src="${CONSOLE_PATH}/assets/console.js"></script>
</head>
<body>
<div id="app"><p>Loading the console…</p></div>
<noscript>The console needs JavaScript turned on.</noscript>
</body>
</html>
`;

/**
 * Serves the console under /console: the bundle from the build folder, its sign-in settings, and the page itself
 * for every other /console path (the console routes in the browser). Registered before the API's routes. Its CSP
 * allows scripts and styles from this origin only, and calls to this API and to the identity provider (the token
 * exchange); nothing may frame it. The API keeps its own deny-all CSP.
 */
export function mountConsole(app: INestApplication, settings: ConsoleSettings): void {
  const express_ = app as NestExpressApplication;
  const connectSrc = ["'self'", ...(settings.issuer ? [new URL(settings.issuer).origin] : [])];
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc,
        fontSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  const router = express.Router();
  router.use(headers);
  router.get('/config.json', (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ issuer: settings.issuer, clientId: settings.clientId, resource: settings.resource });
  });
  router.use(
    '/assets',
    express.static(path.join(settings.buildDir, 'assets'), {
      fallthrough: false,
      index: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
  router.get(/.*/, (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(INDEX_HTML);
  });
  express_.use(CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => router(req, res, next));
}
