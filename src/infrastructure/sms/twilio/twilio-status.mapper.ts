import type { ProviderMessageLookup, SmsRejectionKind } from '../../../application/ports/sms-gateway.port';
import { classifyTwilioCode, reasonFor } from './twilio-errors';

export type DeliveryReportStatus = 'sent' | 'delivered' | 'failed';

export interface TwilioDeliveryState {
  status: DeliveryReportStatus | null;
  errorCode: string | null;
  reason: string | null;
  failureKind?: SmsRejectionKind;
}

/**
 * Twilio's message statuses as ours. queued/accepted/scheduled mean Twilio holds it (nothing new for us: the
 * dispatcher already recorded "sent" when Twilio took it); sending/sent mean it left for the carrier; delivered/read
 * mean the handset has it; undelivered/failed/canceled carry an error code that decides what happens next.
 */
export function twilioDeliveryState(
  twilioStatus: string,
  errorCode: string | number | null | undefined,
  errorMessage?: string | null,
): TwilioDeliveryState {
  const code = errorCode === null || errorCode === undefined || errorCode === '' ? null : String(errorCode);
  switch (twilioStatus) {
    case 'sending':
    case 'sent':
      return { status: 'sent', errorCode: null, reason: null };
    case 'delivered':
    case 'read':
      return { status: 'delivered', errorCode: null, reason: null };
    case 'undelivered':
    case 'failed':
      return {
        status: 'failed',
        errorCode: code,
        reason: reasonFor(code, errorMessage ?? null),
        failureKind: classifyTwilioCode(code, null),
      };
    case 'canceled':
      return {
        status: 'failed',
        errorCode: code,
        reason: 'The text was canceled at Twilio before it was sent.',
        failureKind: 'rejected',
      };
    default:
      return { status: null, errorCode: null, reason: null };
  }
}

/** A message found through Twilio's API, as the dispatcher's reconciliation wants it. */
export function toLookup(m: {
  sid: string;
  status: string;
  errorCode: number | null;
  errorMessage: string | null;
}): ProviderMessageLookup {
  const state = twilioDeliveryState(m.status, m.errorCode, m.errorMessage);
  return {
    providerMessageId: m.sid,
    status: state.status ?? 'queued',
    errorCode: state.errorCode,
    ...(state.failureKind ? { failureKind: state.failureKind, reason: state.reason } : {}),
  };
}
