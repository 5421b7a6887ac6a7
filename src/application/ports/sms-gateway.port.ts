/**
 * The far side of the phone network. The simulator (embedded default) and Twilio implement it.
 * The dispatcher calls `send`; reports (delivery results, replies) come back as commands through webhooks or,
 * for the simulator, through the `SmsReports` sink it is given.
 */
export interface OutboundSms {
  messageId: string;
  studentId: string;
  /** The student's district: ids are scoped by district, so reports about the text name both. */
  districtId: string;
  to: string;
  /** Our sender number: the text's thread's, or for an automatic answer the one the student texted; null = the gateway's default sender. */
  from: string | null;
  body: string;
}

/** Our sender numbers (E.164) from configuration: the decisions give each (student, staff) thread one of them. */
export const SENDER_POOL = Symbol('SENDER_POOL');

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
    /** True when the provider may have accepted the text anyway (a timeout, a 5xx): ask before sending again. */
    readonly ambiguous = false,
  ) {
    super(message);
    this.name = 'SmsGatewayError';
  }
}

export interface ProviderMessageLookup {
  providerMessageId: string;
  status: 'queued' | 'sent' | 'delivered' | 'failed';
  errorCode: string | null;
  /** For a failed copy: how the provider's error code classifies, and its human reason. */
  failureKind?: SmsRejectionKind;
  reason?: string | null;
}

/**
 * What the dispatcher knows about the text, for providers with no field for our message id (Twilio): the number,
 * the exact body, the earliest time it can have been sent, and provider ids already claimed by other texts.
 */
export interface ProviderLookupHint {
  to: string;
  body: string;
  notBefore: Date;
  excludeProviderIds: readonly string[];
}

export interface SmsGateway {
  readonly name: string;
  send(sms: OutboundSms): Promise<SmsAccepted>;
  /** Finds a message the provider accepted for our message id (after a crash between send and record). */
  findByMessageId(messageId: string, hint?: ProviderLookupHint): Promise<ProviderMessageLookup | null>;
  /** What the provider knows now about a copy it accepted (recovering a delivery report that never arrived). */
  statusOf(providerMessageId: string): Promise<ProviderMessageLookup | null>;
}

export const SMS_GATEWAY = Symbol('SMS_GATEWAY');

/** Reports from the phone network, as the gateway's far side delivers them. */
export interface SmsReports {
  deliveryStatus(report: {
    studentId: string;
    /** Absent in reports about texts sent before ids were scoped (their callback URLs name no district). */
    districtId?: string;
    messageId: string;
    providerMessageId: string;
    status: 'sent' | 'delivered' | 'failed';
    errorCode: string | null;
    reason: string | null;
    failureKind?: SmsRejectionKind;
  }): Promise<void>;
  /** bodySanitized: the provider's body held text we cannot store, kept with U+FFFD in its place. */
  inbound(report: {
    from: string;
    to: string | null;
    body: string;
    providerMessageId: string;
    bodySanitized?: true;
  }): Promise<void>;
}
