import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

const TWILIO_ORIGIN = /^https:\/\/[^/]+/;

/**
 * The SDK's own HTTP client (axios underneath), with every API URL moved to another base. The SDK has no option for
 * this (edge/region only change the twilio.com host name), and a custom `httpClient` is its supported extension
 * point. Tests point it at the local Twilio stand-in; production leaves the base as https://api.twilio.com.
 */
export class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string | null,
    options: RequestClient.RequestClientOptions,
  ) {
    super(options);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    return super.request(
      this.baseUrl === null ? opts : { ...opts, uri: opts.uri.replace(TWILIO_ORIGIN, this.baseUrl) },
    );
  }
}
