/**
 * OpenAPI building blocks every capability's DTOs use. Each capability's request and response shapes live in its own
 * folder (api/<capability>/*.dto.ts). Timestamps are ISO 8601 strings; revisions are decimal strings
 * (bigint-json.ts). Fields a role may not see are absent, never null.
 */
import { SMS_DISABLED_REASONS } from '../../../domain/student/sms-eligibility';
import { ID_RULE } from '../../../domain/shared/identifier';

export const NULLABLE = (description?: string) =>
  ({ type: String, nullable: true, ...(description ? { description } : {}) }) as const;

export const DATE_TIME = { type: String, format: 'date-time' } as const;

// OpenAPI 3.0.3: a nullable enum lists null among its values.
export const SMS_DISABLED = {
  type: String,
  nullable: true,
  enum: [...SMS_DISABLED_REASONS, null],
  description: 'Why SMS Enabled is "no"; null when enabled',
};

export const ID_MESSAGE = `must be an id of ${ID_RULE}`;

/** Revisions are bigint on the server and sent as decimal strings (bigint-json.ts); null when nothing was written. */
export const REVISION = {
  type: String,
  nullable: true,
  description: 'Stream revision after the write (decimal string), usable as If-Match',
  example: '7',
} as const;

/** The ETag response header of a write or read that knows the student's stream revision. */
export const ETAG_HEADER = {
  ETag: { description: 'The student\'s stream revision ("7"), usable as If-Match', schema: { type: 'string' } },
};
