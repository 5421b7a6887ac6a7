/** Twilio settings, read and validated with the rest of the configuration (app-config.ts calls twilioConfig). */
export interface TwilioConfig {
  accountSid: string;
  /** Secret: signs webhooks and authenticates API calls. Never logged or echoed. */
  authToken: string;
  /** Send through this Messaging Service (its sender pool, opt-out handling, Advanced Opt-Out HELP text)... */
  messagingServiceSid: string | null;
  /** ...or from this number (E.164) or short code. At least one of the two is set. */
  fromNumber: string | null;
  /**
   * Our sender numbers, one per (student, staff) thread (TWILIO_FROM_NUMBERS; else TWILIO_FROM_NUMBER alone). With a
   * Messaging Service they must be numbers of its sender pool: each text names its thread's number as From.
   */
  senderPool: readonly string[];
  /**
   * The origin (and any path prefix) Twilio reaches this service at, as Twilio sees it, without a trailing slash.
   * Callback URLs are built from it and webhook signatures are checked against it, because a proxy in front of the
   * service changes the scheme and host the service itself sees.
   */
  publicBaseUrl: string;
  /** Where the SDK sends API calls instead of https://api.twilio.com (tests: the local Twilio stand-in). */
  apiBaseUrl: string | null;
  /**
   * Who answers STOP/START/HELP: 'twilio' (default: Twilio's opt-out handling is on for every sender unless Twilio
   * turns it off, answers the keywords itself and blocks sends after STOP; we record the keyword and send nothing) or
   * 'service' (only once Twilio's keyword handling is off for the Messaging Service: the texts come from the district's
   * SMS policy and are in the record). Never both.
   */
  keywordReplies: 'service' | 'twilio';
}

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const SENDER = /^(\+[1-9]\d{1,14}|\d{5,6})$/;

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * A comma-separated list of distinct E.164 numbers (undefined: not set). A bad or repeated entry is one sentence in
 * `problems`: a number listed twice would give two threads "different" numbers that are the same.
 */
export function numberList(raw: string | undefined, name: string, problems: string[]): string[] | undefined {
  if (raw === undefined) return undefined;
  const numbers = raw
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const bad = numbers.filter((n) => !E164.test(n));
  if (bad.length > 0 || numbers.length === 0)
    problems.push(
      `${name} must be a comma-separated list of E.164 numbers like +12015550100,+12015550101${bad.length ? ` (bad: ${bad.length} entr${bad.length === 1 ? 'y' : 'ies'})` : ''}.`,
    );
  else if (new Set(numbers).size !== numbers.length) problems.push(`${name} lists a number twice.`);
  return numbers.filter((n) => E164.test(n));
}

/** A usable absolute URL without query or fragment, normalized without a trailing slash; undefined if not. */
function baseUrl(raw: string, httpsOnly: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const schemes = httpsOnly ? ['https:'] : ['https:', 'http:'];
  if (
    !schemes.includes(url.protocol) ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== ''
  )
    return undefined;
  return url.toString().replace(/\/+$/, '');
}

/**
 * The Twilio part of the configuration when Twilio is the gateway; every problem is one sentence in `problems`.
 * Values are never echoed back (the auth token is a secret; the others are harmless but kept out on principle).
 */
export function twilioConfig(
  str: (name: string) => string | undefined,
  production: boolean,
  problems: string[],
): TwilioConfig {
  const accountSid = str('TWILIO_ACCOUNT_SID') ?? '';
  const authToken = str('TWILIO_AUTH_TOKEN') ?? '';
  const messagingServiceSid = str('TWILIO_MESSAGING_SERVICE_SID') ?? null;
  const fromNumber = str('TWILIO_FROM_NUMBER') ?? null;
  if (!ACCOUNT_SID.test(accountSid))
    problems.push(
      'TWILIO_ACCOUNT_SID must be set to your Account SID (AC followed by 32 hex characters) when SMS_GATEWAY is twilio.',
    );
  if (authToken === '')
    problems.push('TWILIO_AUTH_TOKEN must be set when SMS_GATEWAY is twilio (Twilio console, Account Info).');
  const listed = numberList(str('TWILIO_FROM_NUMBERS'), 'TWILIO_FROM_NUMBERS', problems);
  if (messagingServiceSid === null && fromNumber === null && listed === undefined) {
    problems.push(
      'Set TWILIO_MESSAGING_SERVICE_SID (MG...), TWILIO_FROM_NUMBERS or TWILIO_FROM_NUMBER (E.164, e.g. +12015550100) when SMS_GATEWAY is twilio.',
    );
  }
  if (messagingServiceSid !== null && !MESSAGING_SERVICE_SID.test(messagingServiceSid)) {
    problems.push('TWILIO_MESSAGING_SERVICE_SID must be a Messaging Service SID (MG followed by 32 hex characters).');
  }
  if (fromNumber !== null && !SENDER.test(fromNumber))
    problems.push('TWILIO_FROM_NUMBER must be an E.164 number like +12015550100 or a short code.');
  // A short code or alphanumeric sender in TWILIO_FROM_NUMBER is used as it is, but takes no replies: no pool.
  const senderPool = listed ?? (fromNumber !== null && E164.test(fromNumber) ? [fromNumber] : []);

  const rawPublic = str('PUBLIC_BASE_URL');
  const publicBaseUrl = rawPublic === undefined ? undefined : baseUrl(rawPublic, production);
  if (publicBaseUrl === undefined) {
    problems.push(
      `PUBLIC_BASE_URL must be the ${production ? 'https' : 'http(s)'} URL Twilio reaches this service at (e.g. https://texting.school.org), without query string, when SMS_GATEWAY is twilio: callbacks and signatures use it.`,
    );
  }
  const rawApi = str('TWILIO_API_BASE_URL');
  const apiBaseUrl = rawApi === undefined ? null : (baseUrl(rawApi, false) ?? null);
  if (rawApi !== undefined && apiBaseUrl === null)
    problems.push(
      'TWILIO_API_BASE_URL must be an http(s) URL without query string (leave it unset for the real Twilio API).',
    );

  const keywordReplies = str('TWILIO_KEYWORD_REPLIES') ?? 'twilio';
  if (keywordReplies !== 'service' && keywordReplies !== 'twilio')
    problems.push(
      'TWILIO_KEYWORD_REPLIES must be "service" (this service answers STOP/START/HELP) or "twilio" (Twilio\'s Advanced Opt-Out answers them).',
    );

  return {
    accountSid,
    authToken,
    messagingServiceSid,
    fromNumber,
    senderPool,
    publicBaseUrl: publicBaseUrl ?? '',
    apiBaseUrl,
    keywordReplies: keywordReplies === 'service' ? 'service' : 'twilio',
  };
}
