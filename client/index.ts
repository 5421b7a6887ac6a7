export {
  createApiClient,
  type ApiClient,
  type ApiClientOptions,
  type TokenSource,
  type components,
  type operations,
  type paths,
} from './api-client';
