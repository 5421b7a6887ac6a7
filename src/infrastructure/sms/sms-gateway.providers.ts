import { Logger, type Provider } from '@nestjs/common';
import { SENDER_POOL, SMS_GATEWAY, type SmsGateway } from '../../application/ports/sms-gateway.port';
import type { AppConfig } from '../config/app-config';
import { TwilioSmsGateway } from './twilio/twilio-sms.gateway';

/** The Twilio gateway when Twilio is configured (and a test did not pass its own gateway), else null. */
export function twilioGateway(config: AppConfig, override: SmsGateway | undefined): TwilioSmsGateway | null {
  return config.sms.gateway === 'twilio' && config.twilio && !override ? new TwilioSmsGateway(config.twilio) : null;
}

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
