import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import {
  DEFAULT_DISPATCH_OPTIONS,
  SMS_DISPATCH_OPTIONS,
  type SmsDispatchOptions,
} from '../../../application/delivery/dispatch-sms/dispatch-options';
import { DispatcherLeadership } from '../../../application/delivery/dispatch-sms/dispatcher-leadership';
import { SmsFailureReactions } from '../../../application/delivery/dispatch-sms/failure-reactions';
import { SmsDispatcher } from '../../../application/delivery/dispatch-sms/sms-dispatcher';
import {
  INBOUND_DEFAULT_DISTRICT,
  SmsReportsHandler,
} from '../../../application/delivery/dispatch-sms/sms-reports.handler';
import type { AppConfig } from '../../config/app-config';
import {
  TWILIO_WEBHOOK_SETTINGS,
  TwilioSignatureGuard,
  type TwilioWebhookSettings,
} from '../../sms/twilio/twilio-signature.guard';
import { TwilioWebhooksController } from '../../sms/twilio/twilio-webhooks.controller';
import { SmsSimulatorController } from './sms-simulator.controller';

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

/**
 * Delivery: texts leave when due (the dispatcher: the send-time decision, pacing, retries, failure handling, lost
 * status reports recovered, one dispatcher per database) and the provider's reports come back (status callbacks and
 * inbound texts, from Twilio's webhooks or the simulator). CoreModule starts and stops the dispatcher.
 */
@Module({})
export class DeliveryModule {
  /** `simulator`: the simulator is the gateway, so its development routes exist. */
  static register(config: AppConfig, simulator: boolean): DynamicModule {
    const providers: Provider[] = [
      { provide: SMS_DISPATCH_OPTIONS, useValue: dispatchOptions(config) },
      { provide: INBOUND_DEFAULT_DISTRICT, useValue: config.defaultDistrictId },
      SmsDispatcher,
      DispatcherLeadership,
      SmsReportsHandler,
      SmsFailureReactions,
    ];
    // Twilio's webhook routes exist only when Twilio is configured (their signatures need its auth token).
    const controllers: Type[] = [];
    if (config.twilio) {
      const settings: TwilioWebhookSettings = {
        authToken: config.twilio.authToken,
        publicBaseUrl: config.twilio.publicBaseUrl,
      };
      providers.push({ provide: TWILIO_WEBHOOK_SETTINGS, useValue: settings }, TwilioSignatureGuard);
      controllers.push(TwilioWebhooksController);
    }
    if (simulator) controllers.push(SmsSimulatorController);
    return {
      module: DeliveryModule,
      controllers,
      providers,
      exports: [SmsDispatcher, DispatcherLeadership, SmsReportsHandler],
    };
  }
}
