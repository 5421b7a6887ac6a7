/**
 * What must never reach a log line. Student and family data (FERPA) and message text live under these keys in
 * commands, events, DTOs and provider webhooks (Twilio posts Body/From/To). pino's redact has no recursive
 * wildcard, so each key is listed at the top level and up to three objects deep, which covers our log shapes.
 */
export const PII_KEYS = [
  'body',
  'text',
  'phone',
  'smsNumber',
  'to',
  'from',
  'firstName',
  'lastName',
  'preferredName',
  'dateOfBirth',
  'address',
  'Body',
  'From',
  'To',
] as const;

const DEPTHS = ['', '*.', '*.*.', '*.*.*.'];

export const PII_REDACT_PATHS: readonly string[] = DEPTHS.flatMap((prefix) => PII_KEYS.map((key) => `${prefix}${key}`));

/** Credentials and provider signatures in logged request headers. */
export const HEADER_REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'req.headers["proxy-authorization"]',
  // A stated purpose is free text ("records request from Sarah's mother"): it belongs in the access record only.
  'req.headers["x-access-purpose"]',
];

export const REDACTED = '[REDACTED]';

/** pino `redact` option. */
export const redact = { paths: [...HEADER_REDACT_PATHS, ...PII_REDACT_PATHS], censor: REDACTED };
