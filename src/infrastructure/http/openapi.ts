import type { INestApplication } from '@nestjs/common';
import type { onSendHookHandler } from 'fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { TWILIO_WEBHOOK_PATHS } from '../sms/twilio/twilio-webhooks.openapi';
import { addErrorResponses } from './openapi-error-responses';
import { fastifyOf } from './http-app';
import { DOCS_PATH } from './security-headers';

export const BEARER_AUTH = 'bearer';

/**
 * The API's OpenAPI document, from the controllers and DTOs of this app plus what every route shares. The app serves it
 * (mountOpenApi) and `npm run client:generate` writes the typed client from it: one source for both.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Student texting service')
      .setDescription(
        'Secure texting between school staff and students, with a complete communication record. ' +
          'Errors are always { "error": { "code", "message", "correlationId", "details"? } }.',
      )
      .setVersion('1')
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'HS256 JWT with sub, role and district claims',
        },
        BEARER_AUTH,
      )
      .addSecurityRequirements(BEARER_AUTH)
      .build(),
  );
  // Twilio's webhooks are always documented (the controller is excluded from the scan and only mounted with Twilio).
  // A copy: addErrorResponses completes operations in place, and the fragment is shared by every document built.
  const paths = { ...document.paths, ...(structuredClone(TWILIO_WEBHOOK_PATHS) as OpenAPIObject['paths']) };
  // Paths in alphabetical order, not in the order the modules happen to be wired: the document (and the generated
  // client) changes only when the API does.
  document.paths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return addErrorResponses(document);
}

/**
 * OpenAPI at /docs (UI) and /docs-json. Every operation is documented as needing a bearer token because every
 * route does unless marked @Public(). These routes are mounted on Fastify directly, outside Nest's guards.
 */
export function mountOpenApi(app: INestApplication): void {
  // The UI page says its charset, as it always did (Swagger's Fastify route sends a bare text/html).
  fastifyOf(app).addHook('onRoute', (route) => {
    if (route.method === 'GET' && (route.url === `/${DOCS_PATH}` || route.url === `/${DOCS_PATH}/`))
      route.onSend = [...[route.onSend ?? []].flat(), htmlInUtf8];
  });
  SwaggerModule.setup(DOCS_PATH, app, buildOpenApiDocument(app), {
    raw: ['json'],
    jsonDocumentUrl: `${DOCS_PATH}-json`,
  });
}

const htmlInUtf8: onSendHookHandler = (_request, reply, payload, done) => {
  if (reply.getHeader('content-type') === 'text/html') void reply.header('content-type', 'text/html; charset=utf-8');
  done(null, payload);
};
