import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { correlateRaw } from '../http/correlation-id';
import { pathOf, type RawApiRequest } from '../http/http-request';
import { loggedHeaders, piiSafeLogging } from './log-redaction';

export { LOGGED_HEADERS, PII_KEYS, REDACTED_HEADERS, loggedHeaders, piiSafeLogging, scrubPii } from './log-redaction';

interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
  headers: Record<string, unknown>;
  remoteAddress?: string;
}

/**
 * pino-http settings: JSON lines, one per request, keyed by the correlation id. Bodies are never serialized,
 * query strings are cut from URLs (they may carry phone numbers), headers are allow-listed, and personal data keys
 * are scrubbed from every log object (log-redaction.ts).
 */
export function pinoHttpOptions(config: Pick<AppConfig, 'logLevel'>): Options {
  return {
    level: config.logLevel,
    ...piiSafeLogging,
    // Same id as the X-Correlation-Id response header (correlation-id.ts), decided once per request.
    genReqId: (req: IncomingMessage, res: ServerResponse) => correlateRaw(req as RawApiRequest, res),
    customProps: (req: IncomingMessage) => ({ correlationId: (req as RawApiRequest).correlationId }),
    autoLogging: { ignore: (req: IncomingMessage) => pathOf(req) === '/health' },
    customLogLevel: (_req, res, error) => (error !== undefined || res.statusCode >= 500 ? 'error' : 'info'),
    // For a plain 5xx pino-http invents an Error ("failed with status code 500") with a meaningless stack; the
    // exception filter has already logged the real one under the same correlation id.
    customErrorObject: (_req, _res, error: Error, value: Record<string, unknown>) => {
      if (!error.message.startsWith('failed with status code')) return value;
      const { err: _synthetic, ...rest } = value;
      return rest;
    },
    serializers: {
      // Receives pino's standard serialized request: rebuild it from allow-lists (no query, params, body or
      // credentials; a credential header shows only that it was there).
      req: (req: SerializedRequest) => ({
        id: req.id,
        method: req.method,
        url: pathOf(req),
        headers: loggedHeaders(req.headers),
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/**
 * nestjs-pino, configured from APP_CONFIG (made global by HttpPlatformModule / AppConfigModule). Import it in the
 * root module and call `app.useLogger(app.get(Logger))` (nestjs-pino's Logger) after creating the app with
 * `{ bufferLogs: true }`, so Nest's own logs go through pino too.
 */
export const appLoggerModule = (destination?: DestinationStream) =>
  LoggerModule.forRootAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({
      pinoHttp: destination ? [pinoHttpOptions(config), destination] : pinoHttpOptions(config),
    }),
  });

/** Writes to stdout; tests that inspect the log lines pass their own destination to appLoggerModule. */
export const AppLoggerModule = appLoggerModule();
