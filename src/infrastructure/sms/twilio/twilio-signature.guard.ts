import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { apiHttpException } from '../../http/api-error';
import type { ApiRequest } from '../../http/http-request';

export interface TwilioWebhookSettings {
  authToken: string;
  /** The URL prefix Twilio calls (PUBLIC_BASE_URL), not what this process sees behind a proxy. */
  publicBaseUrl: string;
}

export const TWILIO_WEBHOOK_SETTINGS = Symbol('TWILIO_WEBHOOK_SETTINGS');

/**
 * Every Twilio webhook must carry a valid X-Twilio-Signature, checked with the SDK's own validator against the URL
 * Twilio called: PUBLIC_BASE_URL plus the path and query this request arrived with (a proxy may have changed the
 * scheme and host, never the path). Anything else is a 403 before the handler runs, so it changes nothing.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(@Inject(TWILIO_WEBHOOK_SETTINGS) private readonly settings: TwilioWebhookSettings) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<ApiRequest>();
    const signature = request.headers['x-twilio-signature'];
    const url = `${this.settings.publicBaseUrl}${request.originalUrl ?? request.url}`;
    const params =
      typeof request.body === 'object' && request.body !== null ? { ...(request.body as Record<string, unknown>) } : {};
    if (
      typeof signature !== 'string' ||
      signature === '' ||
      !twilio.validateRequest(this.settings.authToken, signature, url, params)
    ) {
      throw apiHttpException(
        HttpStatus.FORBIDDEN,
        'INVALID_TWILIO_SIGNATURE',
        'This webhook request is not signed by Twilio for this URL (X-Twilio-Signature).',
      );
    }
    return true;
  }
}
