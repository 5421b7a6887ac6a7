import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { piiSafeLogging } from './log-redaction';
import { installRequestLog } from './request-log';

export { LOGGED_HEADERS, PII_KEYS, REDACTED_HEADERS, loggedHeaders, piiSafeLogging, scrubPii } from './log-redaction';

/** The pino settings of every line: the level from config, personal data scrubbed (log-redaction.ts). */
export function loggerOptions(config: Pick<AppConfig, 'logLevel'>): LoggerOptions {
  return { level: config.logLevel, ...piiSafeLogging };
}

/** The service's pino logger: Nest's own lines (through nestjs-pino) and one line per request (request-log.ts). */
export const APP_LOG = Symbol('APP_LOG');
const REQUEST_LOG_HOOK = Symbol('REQUEST_LOG_HOOK');

/**
 * nestjs-pino on the service's logger, configured from APP_CONFIG (made global by HttpPlatformModule /
 * AppConfigModule). Import it in the root module and call `app.useLogger(app.get(Logger))` (nestjs-pino's Logger)
 * after creating the app with `{ bufferLogs: true }`, so Nest's own logs go through pino too. It mounts no
 * middleware: as the app is created, it adds the Fastify hook that writes the request lines (request-log.ts) to the
 * app's HTTP server (none in an application context without HTTP, such as the CLI's).
 */
export const appLoggerModule = (destination?: DestinationStream) =>
  LoggerModule.forRootAsync({
    providers: [
      {
        provide: APP_LOG,
        inject: [APP_CONFIG],
        useFactory: (config: AppConfig) =>
          destination ? pino(loggerOptions(config), destination) : pino(loggerOptions(config)),
      },
      {
        provide: REQUEST_LOG_HOOK,
        inject: [HttpAdapterHost, APP_LOG],
        useFactory: (host: HttpAdapterHost, logger: Logger) => {
          const fastify = host.httpAdapter?.getInstance<FastifyInstance>();
          if (fastify) installRequestLog(fastify, logger);
          return fastify !== undefined;
        },
      },
    ],
    inject: [APP_LOG],
    useFactory: (logger: Logger) => ({ pinoHttp: { logger }, forRoutes: [] }),
  });

/** Writes to stdout; tests that inspect the log lines pass their own destination to appLoggerModule. */
export const AppLoggerModule = appLoggerModule();
