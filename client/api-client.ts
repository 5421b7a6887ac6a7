import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';

export type { components, operations, paths } from './schema';

/** A bearer token, or how to get the current one (called before every request, so a refreshed token is used). */
export type TokenSource = string | (() => string | Promise<string>);

export interface ApiClientOptions {
  /** Where the service is, e.g. https://texting.school.example (no trailing /v1: the paths carry it). */
  baseUrl: string;
  token: TokenSource;
  /** Another fetch (tests, a proxy, a browser polyfill); default: globalThis.fetch. */
  fetch?: (request: Request) => Promise<Response>;
}

export type ApiClient = Client<paths>;

/**
 * A typed client of the texting service: `client.POST('/v1/students/{id}/sms', { params: { path: { id } }, body })`
 * answers `{ data, error, response }` with `data` typed from the document's success schema and `error` as ApiError.
 * Headers the API reads (If-Match, X-Access-Purpose, X-Correlation-Id) go in `params.header`.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use({
    async onRequest({ request }) {
      const token = typeof options.token === 'function' ? await options.token() : options.token;
      request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  });
  return client;
}
