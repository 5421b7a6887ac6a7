import { Logger, type INestApplication, type NestApplicationOptions } from '@nestjs/common';
import { NestFactory, type IEntryNestModule } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyInstance } from 'fastify';
import querystring from 'node:querystring';
import type { AppConfig } from '../config/app-config';
import { apiHttpException } from './api-error';
import { answerError } from './api-exception.filter';
import { pathOf, type ApiReply, type ApiRequest } from './http-request';
import { translateBodyError } from './request-body';
import { securityHeadersFor } from './security-headers';

/**
 * The HTTP platform: Nest on Fastify (@nestjs/platform-fastify). Every app that serves HTTP (main.ts, the tests, the
 * benchmark) is created here, then configured with configureApp and started with initHttpApp or app.listen.
 */
export function createHttpApp(
  module: IEntryNestModule,
  config: Pick<AppConfig, 'bodyLimit'>,
  options: NestApplicationOptions = {},
): Promise<NestFastifyApplication> {
  // Nest's own body parsers are off: configureApp installs the API's (request-body.ts).
  return NestFactory.create<NestFastifyApplication>(module, fastifyAdapter(config), { ...options, bodyParser: false });
}

/**
 * Fastify routing as the API has always answered (Express's defaults): paths match whatever their case and with a
 * trailing slash, path parameters may be long (the routes refuse bad ids themselves, 400), query strings are parsed
 * as Node's querystring does (a repeated key is an array), and a path that cannot be decoded is a 400 in the API's
 * error shape. No logger of Fastify's own: the request lines are written by one hook (logging/request-log.ts).
 */
function fastifyAdapter(config: Pick<AppConfig, 'bodyLimit'>): FastifyAdapter {
  return new ApiFastifyAdapter({
    logger: false,
    // No Nest middleware: nothing needs @fastify/middie's hook on every request.
    skipMiddie: true,
    bodyLimit: byteSize(config.bodyLimit),
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      maxParamLength: 16 * 1024,
      querystringParser: (query) => querystring.parse(query),
    },
    frameworkErrors: answerFrameworkError,
  });
}

/** Nest's adapter, with errors met while reading a body made the API's own before Nest's error handler sees them. */
class ApiFastifyAdapter extends FastifyAdapter {
  override setErrorHandler(handler: Parameters<FastifyAdapter['setErrorHandler']>[0]) {
    return super.setErrorHandler(function (this: FastifyInstance, error, request, reply) {
      return handler.call(this, translateBodyError(error) as typeof error, request, reply);
    });
  }
}

/** init() and Fastify's ready(): plugins (static files, the docs) registered, routes in place, no port yet. */
export async function initHttpApp(app: INestApplication): Promise<void> {
  await app.init();
  await fastifyOf(app).ready();
}

export const fastifyOf = (app: INestApplication): FastifyInstance =>
  (app as NestFastifyApplication).getHttpAdapter().getInstance();

const logger = new Logger('ApiExceptionFilter');

/**
 * What Fastify's router refuses before any hook runs: a path it cannot decode. Answered like every error, with the
 * headers the hooks would have given it.
 */
function answerFrameworkError(error: FastifyError, request: ApiRequest, reply: ApiReply): void {
  void reply.headers(securityHeadersFor(pathOf(request)));
  const path = pathOf(request);
  const bad = path.split('/').find((segment) => !decodes(segment));
  answerError(
    error.code === 'FST_ERR_BAD_URL' && bad !== undefined
      ? apiHttpException(400, 'BAD_REQUEST', `Failed to decode param '${bad}'`)
      : error,
    request,
    reply,
    logger,
    true,
  );
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** "100kb" and the like (1 kb = 1024 bytes) as a number of bytes. */
export function byteSize(size: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(size.trim());
  if (!match) throw new Error(`Not a size: ${size}`);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(match[2] ?? 'b').toLowerCase() as 'b'];
  return Math.floor(Number(match[1]) * unit);
}
