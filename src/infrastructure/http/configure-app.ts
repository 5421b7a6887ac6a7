import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '../config/app-config';
import { ApiExceptionFilter } from './api-exception.filter';
import { installBigIntJson } from './bigint-json';
import { correlationIdMiddleware } from './correlation-id.middleware';
import { mountOpenApi } from './openapi';
import { installBodyParsing } from './request-body';
import { securityHeaders } from './security-headers';
import { StorableTextInterceptor } from './storable-text.interceptor';
import { createValidationPipe } from './validation';

/**
 * Everything HTTP-wide that is not a module provider. Call it after NestFactory.create and BEFORE app.init()/listen():
 * Express runs middleware in registration order, and Nest adds its routes and not-found handler at init.
 * Routes carry their own /v1 prefix, so no global prefix is set.
 */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // Express's own ETag is a weak hash of the body, which no write accepts as If-Match. The only ETag this API
  // answers is a stream revision, set by the route that knows it.
  express.set('etag', false);
  // First, so even requests rejected by later middleware get (and return) a correlation id.
  app.use(correlationIdMiddleware);
  app.use(securityHeaders());
  installBodyParsing(express, config.bodyLimit);
  installBigIntJson(app);
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalInterceptors(new StorableTextInterceptor());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  mountOpenApi(app);
}
