import { SmsGatewayError, type SmsRejectionKind } from '../../../application/ports/sms-gateway.port';
import { mask } from '../../../domain/shared/phone-number';
import { repairText } from '../../../domain/shared/storable-text';

/**
 * Twilio's error codes, classified for the dispatcher. Synchronous ones come back from the Messages API (400 with a
 * code); asynchronous ones arrive in status callbacks (undelivered/failed with ErrorCode).
 * https://www.twilio.com/docs/api/errors
 */
const INVALID_NUMBER = new Set(['21211', '21614', '30005', '30006']);
const UNSUBSCRIBED = new Set(['21610']);
/** 20429/20500/20503: Twilio's own codes for 429/5xx; 30003: the handset was unreachable (off, no signal). */
const RETRYABLE = new Set(['20429', '20500', '20503', '30003']);

/** The sentence staff see on a failed text when Twilio's own message would not help them. */
const REASONS: Record<string, string> = {
  '21211': 'The SMS number on file is not a valid phone number; it has been flagged for the registrar.',
  '21614': 'The SMS number on file is not a mobile number; it has been flagged for the registrar.',
  '30005':
    'The SMS number on file is unknown to the carrier (it may no longer exist); it has been flagged for the registrar.',
  '30006':
    'The SMS number on file cannot receive texts (a landline, or an unreachable carrier); it has been flagged for the registrar.',
  '21610': 'The student has blocked texts from this school (they texted STOP to the carrier); recorded as an opt-out.',
  '30003': "The student's phone was unreachable (switched off or out of coverage).",
  '30004': 'The text was blocked (the number may be blocked or on a do-not-text list).',
  '30007': 'The carrier filtered the text as spam.',
  '30008': 'The carrier could not deliver the text (unknown error).',
};

export function classifyTwilioCode(code: string | null, httpStatus: number | null): SmsRejectionKind {
  if (code !== null && INVALID_NUMBER.has(code)) return 'invalid_number';
  if (code !== null && UNSUBSCRIBED.has(code)) return 'unsubscribed';
  if ((code !== null && RETRYABLE.has(code)) || httpStatus === 429 || (httpStatus !== null && httpStatus >= 500))
    return 'retryable';
  return 'rejected';
}

/** Twilio's messages quote the phone number; staff see the reason, so the number is masked. */
const maskNumbers = (text: string): string => text.replace(/\+?\d[\d\s().-]{6,}\d/g, (n) => mask(n));

export function reasonFor(code: string | null, twilioMessage: string | null): string {
  const known = code !== null ? REASONS[code] : undefined;
  if (known) return known;
  // Provider text is recorded on the failed text: repaired, as it must be kept whatever characters it holds.
  const message = twilioMessage
    ? maskNumbers(repairText(twilioMessage.trim()).text)
    : 'The phone network did not accept the text.';
  return code ? `${message} (Twilio error ${code})` : message;
}

/** Errors axios raises when no answer came back, with whether Twilio may have taken the request anyway. */
const NO_ANSWER: Record<string, boolean> = {
  ECONNREFUSED: false,
  ENOTFOUND: false,
  EAI_AGAIN: false,
  ECONNRESET: true,
  ETIMEDOUT: true,
  ECONNABORTED: true,
  EPIPE: true,
  ERR_NETWORK: true,
};

/**
 * Any error from the SDK as the port's SmsGatewayError. A RestException carries HTTP status, Twilio code and message;
 * a network failure has none: it is retryable, and ambiguous unless the connection was never made.
 */
export function toGatewayError(error: unknown): SmsGatewayError {
  const e = error as { status?: unknown; code?: unknown; message?: unknown };
  if (typeof e?.status === 'number') {
    const code = e.code === undefined || e.code === null ? String(e.status) : String(e.code);
    const kind = classifyTwilioCode(code, e.status);
    const ambiguous = kind === 'retryable' && e.status >= 500;
    return new SmsGatewayError(
      kind,
      code,
      reasonFor(code, typeof e.message === 'string' ? e.message : null),
      ambiguous,
    );
  }
  const networkCode = typeof e?.code === 'string' ? e.code : 'ERR_NETWORK';
  const ambiguous = NO_ANSWER[networkCode] ?? true;
  return new SmsGatewayError(
    'retryable',
    null,
    `No answer from Twilio (${networkCode}); the text will be tried again.`,
    ambiguous,
  );
}
