import type { TwilioConfig } from '../../../src/infrastructure/config/twilio-config';
import type { TwilioStandin } from './twilio-standin.server';

/** Credentials the Twilio stand-in accepts (shaped like real ones; they open nothing). */
export const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
export const AUTH_TOKEN = 'standin-auth-token-0123456789abcdef';
export const MESSAGING_SERVICE_SID = `MG${'b2'.repeat(16)}`;

/** The environment that points the app's Twilio adapter at the stand-in. */
export function twilioEnv(standin: TwilioStandin, publicBaseUrl: string): Record<string, string> {
  return {
    SMS_GATEWAY: 'twilio',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_MESSAGING_SERVICE_SID: MESSAGING_SERVICE_SID,
    TWILIO_API_BASE_URL: standin.baseUrl,
    PUBLIC_BASE_URL: publicBaseUrl,
  };
}

export function twilioConfigFor(
  standin: TwilioStandin,
  publicBaseUrl = 'https://texting.school.example',
): TwilioConfig {
  return {
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    messagingServiceSid: MESSAGING_SERVICE_SID,
    fromNumber: null,
    senderPool: [],
    publicBaseUrl,
    apiBaseUrl: standin.baseUrl,
    keywordReplies: 'service',
  };
}
