import { randomBytes } from 'node:crypto';

/** One message as the Twilio stand-in keeps it (what Twilio's Message resource holds). */
export interface StandinMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: string;
  statusCallback: string | null;
  errorCode: number | null;
  errorMessage: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
}

export const newSid = (prefix: 'SM' | 'MG' | 'AC'): string => `${prefix}${randomBytes(16).toString('hex')}`;

/** Twilio's dates: RFC 2822 in UTC, "Tue, 01 Sep 2026 16:00:00 +0000". */
const rfc2822 = (d: Date | null): string | null => (d ? d.toUTCString().replace('GMT', '+0000') : null);

/** The JSON Twilio's API answers with for a message (snake_case, API version 2010-04-01). */
export function messageJson(m: StandinMessage): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`;
  return {
    account_sid: m.accountSid,
    api_version: '2010-04-01',
    body: m.body,
    date_created: rfc2822(m.dateCreated),
    date_sent: rfc2822(m.dateSent),
    date_updated: rfc2822(m.dateUpdated),
    direction: 'outbound-api',
    error_code: m.errorCode,
    error_message: m.errorMessage,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: '0',
    num_segments: String(Math.max(1, Math.ceil(m.body.length / 153))),
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: uri.replace('.json', '/Media.json') },
    to: m.to,
    uri,
  };
}

/**
 * One page of Twilio's list answer, newest first: `Page` counts from 0, and `next_page_uri` (with the same filter)
 * is there while more follow, as Twilio's is (Twilio's carries a PageToken too, which clients pass back unread).
 */
export function pageJson(
  accountSid: string,
  messages: StandinMessage[],
  query: { pageSize: number; page: number; to: string | null },
): Record<string, unknown> {
  const { pageSize, page, to } = query;
  const uriOf = (n: number) => {
    const params = new URLSearchParams({ ...(to ? { To: to } : {}), PageSize: String(pageSize), Page: String(n) });
    return `/2010-04-01/Accounts/${accountSid}/Messages.json?${params.toString()}`;
  };
  const start = page * pageSize;
  const slice = messages.slice(start, start + pageSize);
  return {
    messages: slice.map(messageJson),
    end: start + Math.max(0, slice.length - 1),
    first_page_uri: uriOf(0),
    next_page_uri: start + pageSize < messages.length ? uriOf(page + 1) : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? uriOf(page - 1) : null,
    start,
    uri: uriOf(page),
  };
}

/** Twilio's error body, e.g. { code: 21211, message: "Invalid 'To' Phone Number: ...", more_info, status: 400 }. */
export const errorJson = (status: number, code: number, message: string): Record<string, unknown> => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

/** What Twilio says for the errors the stand-in can be told to produce. */
export const ERROR_MESSAGES: Record<number, string> = {
  20003: 'Authenticate',
  20404: 'The requested resource was not found',
  20429: 'Too Many Requests',
  20500: 'Internal Server Error',
  20503: 'Service Unavailable',
  21211: "Invalid 'To' Phone Number",
  21408: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number",
  21602: 'Message body is required.',
  21604: "A 'To' phone number is required.",
  21606: "The 'From' phone number provided is not a valid message-capable Twilio phone number for this destination.",
  21610: 'Attempt to send to unsubscribed recipient',
};

/** The Messaging Service's PhoneNumbers list, one page (Messaging v1's shape: the list under meta.key). */
export function serviceNumbersJson(
  accountSid: string,
  serviceSid: string,
  numbers: readonly string[],
  url: string,
): Record<string, unknown> {
  return {
    phone_numbers: numbers.map((phoneNumber, i) => ({
      sid: `PN${i.toString(16).padStart(32, '0')}`,
      account_sid: accountSid,
      service_sid: serviceSid,
      phone_number: phoneNumber,
      country_code: 'US',
      capabilities: ['SMS'],
      date_created: '2026-08-01T00:00:00Z',
      date_updated: '2026-08-01T00:00:00Z',
      url: `${url}/PN${i.toString(16).padStart(32, '0')}`,
    })),
    meta: {
      page: 0,
      page_size: 1000,
      first_page_url: url,
      previous_page_url: null,
      url,
      next_page_url: null,
      key: 'phone_numbers',
    },
  };
}
