import twilio from 'twilio';

export interface WebhookAnswer {
  status: number;
  body: string;
  contentType: string | null;
}

/**
 * Posts a webhook the way Twilio does: form-encoded, signed with the SDK's own signing function over the PUBLIC URL
 * (the one configured at Twilio), delivered to wherever that URL really lands (a proxy rewrites it in production;
 * here `deliverTo` maps it to the app's local port). `signWith` lets a test sign with the wrong token.
 */
export async function postSigned(
  publicUrl: string,
  params: Record<string, string>,
  authToken: string,
  deliverTo: (url: string) => string,
  signWith?: string | null,
): Promise<WebhookAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signWith !== null)
    headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(signWith ?? authToken, publicUrl, params);
  const response = await fetch(deliverTo(publicUrl), {
    method: 'POST',
    headers,
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
}

/** The form Twilio posts to a message's StatusCallback. */
export function statusParams(
  m: { sid: string; accountSid: string; to: string; from: string | null; messagingServiceSid: string | null },
  status: string,
  errorCode: number | null,
): Record<string, string> {
  return {
    AccountSid: m.accountSid,
    ApiVersion: '2010-04-01',
    From: m.from ?? '+12015550100',
    To: m.to,
    MessageSid: m.sid,
    SmsSid: m.sid,
    MessageStatus: status,
    SmsStatus: status,
    ...(m.messagingServiceSid ? { MessagingServiceSid: m.messagingServiceSid } : {}),
    ...(errorCode !== null ? { ErrorCode: String(errorCode) } : {}),
  };
}

/** The form Twilio posts to a number's "A message comes in" webhook. */
export function inboundParams(
  accountSid: string,
  sid: string,
  from: string,
  to: string,
  body: string,
): Record<string, string> {
  return {
    ToCountry: 'US',
    ToState: 'NJ',
    SmsMessageSid: sid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: sid,
    FromState: 'NJ',
    SmsStatus: 'received',
    FromCity: '',
    Body: body,
    FromCountry: 'US',
    To: to,
    ToZip: '',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: accountSid,
    From: from,
    ApiVersion: '2010-04-01',
  };
}
