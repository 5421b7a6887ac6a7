import { LoggerModule } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { piiSafeLogging } from './log-redaction';

export { LOGGED_HEADERS, PII_KEYS, REDACTED_HEADERS, loggedHeaders, piiSafeLogging, scrubPii } from './log-redaction';

/** The pino settings of every line: the level from config, personal data scrubbed (log-redaction.ts). */
export function loggerOptions(config: Pick<AppConfig, 'logLevel'>): LoggerOptions {
  return { level: config.logLevel, ...piiSafeLogging };
}

/** The service's pino logger: Nest's own lines (through nestjs-pino) and one line per request (request-log.ts). */
export const APP_LOG = Symbol('APP_LOG');

/**
 * nestjs-pino on the service's logger, configured from APP_CONFIG (made global by HttpPlatformModule /
 * AppConfigModule). Import it in the root module and call `app.useLogger(app.get(Logger))` (nestjs-pino's Logger)
 * after creating the app with `{ bufferLogs: true }`, so Nest's own logs go through pino too. It mounts no
 * middleware: configureApp writes the request lines with a Fastify hook (request-log.ts).
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
    ],
    inject: [APP_LOG],
    useFactory: (logger: Logger) => ({ pinoHttp: { logger }, forRoutes: [] }),
  });

/** Writes to stdout; tests that inspect the log lines pass their own destination to appLoggerModule. */
export const AppLoggerModule = appLoggerModule();
