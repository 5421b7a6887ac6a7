/**
 * The ONE place the console talks to the API: only public /v1 routes, through the client generated from the OpenAPI
 * document (client/: openapi-typescript types + openapi-fetch), with the signed-in person's bearer token. Paths,
 * parameters and bodies are checked against the document at compile time. Screens import the functions of `api`
 * (./index.ts) and the view types (./types.ts), never fetch.
 */
import { createApiClient, type components } from '../../../client';
import { currentSession, sessionEnded } from '../auth';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly correlationId: string | null,
    readonly details: Record<string, unknown> | null,
  ) {
    super(message);
  }
}

type Schemas = components['schemas'];
type Answer<T> = { data?: T; error?: Schemas['ApiError'] | unknown; response: Response };

/** The signed-in person's access token; none (the session ended) is a 401 here, without a request. */
export function accessToken(): string {
  const session = currentSession();
  if (!session) {
    sessionEnded();
    throw new ApiError(401, 'UNAUTHENTICATED', 'Your sign-in has ended. Sign in again.', null, null);
  }
  return session.accessToken;
}

export const client = createApiClient({ baseUrl: location.origin, token: accessToken });

/** An answer that is not 2xx as an ApiError with the service's sentence and correlation id; a 401 ends the session. */
export function failure(response: Response, error: unknown): ApiError {
  if (response.status === 401) sessionEnded();
  const e = (error as Schemas['ApiError'] | undefined)?.error;
  return new ApiError(
    response.status,
    e?.code ?? `HTTP_${response.status}`,
    e?.message ?? `The service answered ${response.status}.`,
    e?.correlationId ?? response.headers.get('X-Correlation-Id'),
    e?.details ?? null,
  );
}

/** The answer's data, or an ApiError with the service's sentence and correlation id; a 401 ends the session. */
export function unwrap<T>(answer: Answer<T>): T {
  if (!answer.response.ok) throw failure(answer.response, answer.error);
  return answer.data as T;
}

/** A page of a list that sends the next page's cursor in `X-Next-Cursor` (absent on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export function unwrapPage<T>(answer: Answer<T[]>): Page<T> {
  const items = unwrap(answer);
  return { items, nextCursor: answer.response.headers.get('X-Next-Cursor') };
}

export const path = (id: string) => ({ path: { id } });

/** A fresh idempotency key per click: the same key twice sends one text. */
export const newIdempotencyKey = (): string => `console-${crypto.randomUUID()}`;
