/**
 * The far side of the phone network. The simulator (embedded default) and Twilio implement it.
 * The dispatcher calls `send`; reports (delivery results, replies) come back as commands through webhooks or,
 * for the simulator, through the `SmsReports` sink it is given.
 */
export interface OutboundSms {
  messageId: string;
  studentId: string;
  to: string;
  body: string;
}

export interface SmsAccepted {
  providerMessageId: string;
}

/** Why a provider refused a text. `retryable` failures are tried again later, the others fail the message. */
export type SmsRejectionKind = 'invalid_number' | 'unsubscribed' | 'retryable' | 'rejected';

export class SmsGatewayError extends Error {
  constructor(
    readonly kind: SmsRejectionKind,
    readonly providerCode: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'SmsGatewayError';
  }
}

export interface ProviderMessageLookup {
  providerMessageId: string;
  status: 'queued' | 'sent' | 'delivered' | 'failed';
  errorCode: string | null;
}

export interface SmsGateway {
  readonly name: string;
  send(sms: OutboundSms): Promise<SmsAccepted>;
  /** Finds a message the provider accepted for our message id (after a crash between send and record). */
  findByMessageId(messageId: string): Promise<ProviderMessageLookup | null>;
}

export const SMS_GATEWAY = Symbol('SMS_GATEWAY');

/** Reports from the phone network, as the gateway's far side delivers them. */
export interface SmsReports {
  deliveryStatus(report: { studentId: string; messageId: string; providerMessageId: string; status: 'sent' | 'delivered' | 'failed'; errorCode: string | null; reason: string | null }): Promise<void>;
  inbound(report: { from: string; to: string | null; body: string; providerMessageId: string }): Promise<void>;
}
