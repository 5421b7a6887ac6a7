import type { INestApplication } from '@nestjs/common';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import path from 'node:path';
import { fastifyOf } from '../http/http-app';
import { helmetHeaders } from '../http/security-headers';

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
 * for every other /console path (the console routes in the browser). Registered before the app starts, as a Fastify
 * plugin of its own. Its CSP allows scripts and styles from this origin only, and calls to this API and to the
 * identity provider (the token exchange); nothing may frame it. The API keeps its own deny-all CSP.
 */
export function mountConsole(app: INestApplication, settings: ConsoleSettings): void {
  const connectSrc = ["'self'", ...(settings.issuer ? [new URL(settings.issuer).origin] : [])];
  const headers = helmetHeaders({
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
  const page = (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(INDEX_HTML);
  void fastifyOf(app).register(
    async (scope) => {
      // After the app's own hook: these headers replace the API's for the console's answers.
      scope.addHook('onRequest', (_request, reply, done) => {
        void reply.headers(headers);
        done();
      });
      scope.get('/config.json', (_request, reply) =>
        reply
          .header('Cache-Control', 'no-store')
          .send({ issuer: settings.issuer, clientId: settings.clientId, resource: settings.resource }),
      );
      await scope.register(fastifyStatic, {
        root: path.join(settings.buildDir, 'assets'),
        prefix: '/assets/',
        index: false,
        decorateReply: false,
        cacheControl: false,
        setHeaders: (reply) => void reply.header('Cache-Control', 'no-cache'),
      });
      scope.get('/', page);
      scope.get('/*', page);
    },
    { prefix: CONSOLE_PATH },
  );
}
