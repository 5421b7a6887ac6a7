import twilio from 'twilio';
import type { MessageInstance } from 'twilio/lib/rest/api/v2010/account/message';
import type {
  OutboundSms,
  ProviderLookupHint,
  ProviderMessageLookup,
  SmsAccepted,
  SmsGateway,
} from '../../../application/ports/sms-gateway.port';
import type { TwilioConfig } from '../../config/twilio-config';
import { toGatewayError } from './twilio-errors';
import { BaseUrlRequestClient } from './twilio-request-client';
import { toLookup } from './twilio-status.mapper';

/** A reconciliation reads the number's messages newest first, this many per page, back to the text's queue time... */
const LOOKUP_PAGE = 200;
/** ...and never more than this many in all (a number texted thousands of times since: the text is sent again). */
const LOOKUP_MAX = 5_000;

/** What a reconciliation reads of a page of the SDK's message list. */
interface LookupPage {
  instances: MessageInstance[];
  nextPage(): Promise<LookupPage> | undefined;
}

/**
 * The status callback for one text: it carries our ids (the student's district with their id, since ids are scoped
 * by district), so a report is matched even if the SID was never recorded.
 */
export function statusCallbackUrl(
  publicBaseUrl: string,
  sms: Pick<OutboundSms, 'messageId' | 'studentId' | 'districtId'>,
): string {
  const query = new URLSearchParams({ messageId: sms.messageId, studentId: sms.studentId, districtId: sms.districtId });
  return `${publicBaseUrl}/webhooks/twilio/status?${query.toString()}`;
}

/**
 * Twilio Programmable Messaging through the official SDK. The SDK's own 429 auto-retry is off: the dispatcher
 * retries with its own backoff and limit, and records each attempt, which a hidden retry inside the SDK would not.
 */
export class TwilioSmsGateway implements SmsGateway {
  readonly name = 'twilio';
  private readonly messages: twilio.Twilio['messages'];
  private readonly client: twilio.Twilio;

  constructor(
    private readonly config: TwilioConfig,
    timeoutMs = 15_000,
  ) {
    const client = (this.client = twilio(config.accountSid, config.authToken, {
      httpClient: new BaseUrlRequestClient(config.apiBaseUrl, {
        timeout: timeoutMs,
        keepAlive: true,
        autoRetry: false,
      }),
      autoRetry: false,
    }));
    // The SDK loads its API modules on first use, blocking for a few hundred ms: do it at startup, not in the first
    // send, where the stall would bunch up the sends behind it and defeat the rate limit's spacing.
    this.messages = client.messages;
    this.client = client;
  }

  async send(sms: OutboundSms): Promise<SmsAccepted> {
    try {
      const message = await this.messages.create({
        to: sms.to,
        body: sms.body,
        statusCallback: statusCallbackUrl(this.config.publicBaseUrl, sms),
        ...(this.config.messagingServiceSid ? { messagingServiceSid: this.config.messagingServiceSid } : {}),
        // The thread's number or, for an automatic reply, the number the student texted (Twilio takes From beside a
        // Messaging Service, which must own it); else the configured sender.
        ...((sms.from ?? this.config.fromNumber) ? { from: sms.from ?? this.config.fromNumber! } : {}),
      });
      return { providerMessageId: message.sid };
    } catch (error) {
      throw toGatewayError(error);
    }
  }

  /** Twilio's Message resource for one SID; null if Twilio does not know it (404). */
  async statusOf(providerMessageId: string): Promise<ProviderMessageLookup | null> {
    try {
      const m = await this.client.messages(providerMessageId).fetch();
      return toLookup({
        sid: m.sid,
        status: m.status,
        errorCode: m.errorCode ?? null,
        errorMessage: m.errorMessage ?? null,
      });
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw toGatewayError(error);
    }
  }

  /**
   * The phone numbers of the Messaging Service's sender pool (its PhoneNumbers resource), sorted so that every replica
   * reading the same pool gets the same order: the sender pool when TWILIO_FROM_NUMBERS is not set.
   */
  async serviceSenderPool(): Promise<string[]> {
    if (!this.config.messagingServiceSid) return [];
    try {
      const numbers = await this.client.messaging.v1
        .services(this.config.messagingServiceSid)
        .phoneNumbers.list({ limit: 1000 });
      return [...new Set(numbers.map((n) => n.phoneNumber).filter((n) => /^\+[1-9]\d{1,14}$/.test(n)))].sort();
    } catch (error) {
      throw toGatewayError(error);
    }
  }

  /**
   * Twilio has no field for our message id, and the status callback URL (which has it) is not returned by the API.
   * So a text is found by what identifies it: the number, the exact body, created no earlier than we queued it, and
   * not a copy another of the student's texts already claimed; the oldest such copy wins. Two identical texts to one
   * number, both lost in a crash, are matched in order, which is indistinguishable for the student. If Twilio
   * rewrote the body (Smart Encoding of curly quotes), no copy matches and the text would be sent again: keep Smart
   * Encoding off on the Messaging Service, or rely on the status callback, which needs no lookup.
   */
  async findByMessageId(_messageId: string, hint?: ProviderLookupHint): Promise<ProviderMessageLookup | null> {
    if (!hint) return null;
    const claimed = new Set(hint.excludeProviderIds);
    const notBefore = hint.notBefore.getTime();
    const matches: MessageInstance[] = [];
    try {
      // Newest first, page after page, until a whole page is older than the text (or LOOKUP_MAX): a busy number may
      // have had many texts since this one, and the copy must not be missed for being off the first page. Twilio
      // sorts the list by DateSent, not by creation (a copy still queued has none), so one older message on a page
      // does not mean the rest are: only a page with nothing at or after `notBefore` ends the search.
      let page: LookupPage | undefined = await this.messages.page({ to: hint.to, pageSize: LOOKUP_PAGE });
      let read = 0;
      while (page && page.instances.length > 0) {
        let recent = 0;
        for (const m of page.instances) {
          const created = m.dateCreated?.getTime();
          if (created !== undefined && created < notBefore) continue;
          recent++;
          if (created !== undefined && m.body === hint.body && !claimed.has(m.sid)) matches.push(m);
        }
        read += page.instances.length;
        if (recent === 0 || read >= LOOKUP_MAX) break;
        page = await page.nextPage();
      }
    } catch (error) {
      throw toGatewayError(error);
    }
    // Dates have one-second resolution: reverse (oldest first), then a stable sort keeps ties in order.
    const found = matches
      .reverse()
      .sort((a, b) => (a.dateCreated?.getTime() ?? 0) - (b.dateCreated?.getTime() ?? 0))[0];
    return found
      ? toLookup({
          sid: found.sid,
          status: found.status,
          errorCode: found.errorCode ?? null,
          errorMessage: found.errorMessage ?? null,
        })
      : null;
  }
}
