import { HttpException } from '@nestjs/common';

/** The one error body the API ever returns. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    correlationId: string;
    details?: Record<string, unknown>;
  };
}

/** What an HttpException's response carries when this codebase throws it: a stable code and a human sentence. */
export interface ApiErrorPayload {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Builds an HttpException the exception filter turns into the API error body with exactly this code and message.
 * Use it in guards, pipes and middleware; use DomainError in the application and domain.
 */
export function apiHttpException(
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): HttpException {
  const payload: ApiErrorPayload = details === undefined ? { code, message } : { code, message, details };
  return new HttpException(payload, status);
}

export function isApiErrorPayload(value: unknown): value is ApiErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string';
}
