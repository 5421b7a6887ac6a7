import type { INestApplication } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config';
import { ApiExceptionFilter } from './api-exception.filter';
import { installBigIntJson } from './bigint-json';
import { CORRELATION_ID_HEADER, correlationIdOf } from './correlation-id';
import { byteSize, fastifyOf } from './http-app';
import { pathOf } from './http-request';
import { mountOpenApi } from './openapi';
import { installBodyParsing } from './request-body';
import { securityHeadersFor } from './security-headers';
import { createValidationPipe } from './validation';

/**
 * Everything HTTP-wide that is not a module provider, for an app made by createHttpApp. Call it BEFORE
 * app.init()/listen(): Nest adds its routes (and Fastify fixes its hooks and parsers) then. Routes carry their own
 * /v1 prefix, so no global prefix is set. Fastify sets no X-Powered-By and no ETag of its own: the only ETag this
 * API answers is a stream revision, set by the route that knows it.
 */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const fastify = fastifyOf(app);
  fastify.decorateRequest('correlationId', {
    getter(this: FastifyRequest) {
      return correlationIdOf(this.raw);
    },
  });
  // Every response, even one rejected by a later hook or the body parser, carries the correlation id and the
  // secure headers (security-headers.ts).
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_ID_HEADER, correlationIdOf(request.raw)).headers(securityHeadersFor(pathOf(request)));
    done();
  });
  installBodyParsing(fastify, byteSize(config.bodyLimit));
  installBigIntJson(fastify);
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  mountOpenApi(app);
}
