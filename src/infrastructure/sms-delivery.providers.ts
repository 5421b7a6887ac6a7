import { Logger, type Provider, type Type } from '@nestjs/common';
import { CancelSmsHandler } from '../application/messaging/cancel-sms/cancel-sms.handler';
import {
  DEFAULT_DISPATCH_OPTIONS,
  SMS_DISPATCH_OPTIONS,
  type SmsDispatchOptions,
} from '../application/delivery/dispatch-sms/dispatch-options';
import { SmsFailureReactions } from '../application/delivery/dispatch-sms/failure-reactions';
import { SENDER_POOL, SMS_GATEWAY, type SmsGateway } from '../application/ports/sms-gateway.port';
import type { AppConfig } from './config/app-config';
import {
  TWILIO_WEBHOOK_SETTINGS,
  TwilioSignatureGuard,
  type TwilioWebhookSettings,
} from './sms/twilio/twilio-signature.guard';
import { TwilioSmsGateway } from './sms/twilio/twilio-sms.gateway';
import { TwilioWebhooksController } from './sms/twilio/twilio-webhooks.controller';

/** The simulator is no carrier: nothing to protect, so local runs and tests are not slowed to a long code's pace. */
const SIMULATOR_RATE_PER_SECOND = 1000;

/** The dispatcher's pacing and retries from configuration; the rest are defaults. */
export function dispatchOptions(config: AppConfig): SmsDispatchOptions {
  const { maxRetries, retryBaseMs, statusRecoveryAfterMs } = config.sms;
  const ratePerSecond = config.sms.gateway === 'simulator' ? SIMULATOR_RATE_PER_SECOND : config.sms.ratePerSecond;
  // Enough texts in flight to keep the sender busy at its rate (Twilio answers in ~100-300 ms), within reason.
  return {
    ...DEFAULT_DISPATCH_OPTIONS,
    ratePerSecond,
    maxRetries,
    retryBaseMs,
    statusRecoveryAfterMs,
    concurrency: Math.min(64, Math.max(DEFAULT_DISPATCH_OPTIONS.concurrency, ratePerSecond)),
  };
}

/** The Twilio gateway when Twilio is configured (and a test did not pass its own gateway), else null. */
export function twilioGateway(config: AppConfig, override: SmsGateway | undefined): TwilioSmsGateway | null {
  return config.sms.gateway === 'twilio' && config.twilio && !override ? new TwilioSmsGateway(config.twilio) : null;
}

/** Scheduling, cancelling, retries and failure handling, plus Twilio's webhook signature check when configured. */
export function smsDeliveryProviders(config: AppConfig): Provider[] {
  const providers: Provider[] = [
    { provide: SMS_DISPATCH_OPTIONS, useValue: dispatchOptions(config) },
    SmsFailureReactions,
    CancelSmsHandler,
  ];
  if (config.twilio) {
    const settings: TwilioWebhookSettings = {
      authToken: config.twilio.authToken,
      publicBaseUrl: config.twilio.publicBaseUrl,
    };
    providers.push({ provide: TWILIO_WEBHOOK_SETTINGS, useValue: settings }, TwilioSignatureGuard);
  }
  return providers;
}

/** Twilio's webhook routes exist only when Twilio is configured (their signatures need its auth token). */
export const smsDeliveryControllers = (config: AppConfig): Type[] => (config.twilio ? [TwilioWebhooksController] : []);

/**
 * The sender pool the decisions draw from: the configured numbers, or, with a Twilio Messaging Service and no
 * TWILIO_FROM_NUMBERS, the service's own numbers read once at start-up. If Twilio cannot be asked then, the service
 * starts without a pool (Twilio picks each sender; replies of a student with several threads are flagged) and says so.
 */
export const senderPoolProvider = (config: AppConfig): Provider => ({
  provide: SENDER_POOL,
  inject: [SMS_GATEWAY],
  useFactory: async (gateway: SmsGateway): Promise<readonly string[]> => {
    if (config.sms.senderPool.length > 0 || !(gateway instanceof TwilioSmsGateway)) return config.sms.senderPool;
    try {
      return await gateway.serviceSenderPool();
    } catch (error) {
      new Logger('SenderPool').warn(
        { error: (error as Error).message },
        "Could not read the Messaging Service's numbers: starting without a sender pool",
      );
      return [];
    }
  },
});
