/**
 * What a student's text means besides its words. Carriers and Twilio act on single-word keywords (any case, nothing
 * else in the message), so we recognize exactly those and record the same effect; a sentence asking us to stop is not
 * a keyword (Twilio does not act on it), so it is only flagged to a person.
 */
export const OPT_OUT_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

export type InboundSignal =
  | { kind: 'opt_out'; keyword: string }
  | { kind: 'opt_in'; keyword: string }
  | { kind: 'help'; keyword: string }
  | { kind: 'stop_request'; phrase: string };

/**
 * Free-text ways of asking for no more texts. Deliberately narrow: a false flag costs a staff member a glance, but
 * a flag on every "stop by my office" would train people to ignore flags.
 */
const STOP_REQUESTS: readonly RegExp[] = [
  /\b(?:stop|quit|cease|end)\s+(?:texting|txting|messaging|sending(?:\s+me)?(?:\s+(?:texts?|messages?))?|contacting)\b/i,
  /\b(?:don'?t|do\s+not|never)\s+(?:text|txt|message|contact)\s+(?:me|us|my\s+\w+)(?:\s+again|\s+anymore|\s+any\s+more)?\b/i,
  /\bno\s+more\s+(?:texts?|text\s+messages?|messages?)\b/i,
  /\bstop\s+(?:all\s+)?(?:the\s+|these\s+|your\s+)?(?:texts?|messages?)\b/i,
  /\b(?:remove|take)\s+(?:me|my\s+number|this\s+number)\s+(?:from|off)\b/i,
  /\b(?:unsubscribe|opt\s*-?\s*out)\s+(?:me|please|now)\b/i,
  /\b(?:want|like)\s+to\s+(?:unsubscribe|opt\s*-?\s*out)\b/i,
];

const KEYWORD_OF = new Map<string, InboundSignal['kind']>([
  ...OPT_OUT_KEYWORDS.map((k) => [k, 'opt_out'] as const),
  ...OPT_IN_KEYWORDS.map((k) => [k, 'opt_in'] as const),
  ...HELP_KEYWORDS.map((k) => [k, 'help'] as const),
]);

/** A keyword when the whole text is one (trailing "." or "!" tolerated), else a stop request if one is phrased, else null. */
export function classifyInbound(body: string): InboundSignal | null {
  const word = body
    .trim()
    .replace(/[.!]+$/, '')
    .toUpperCase();
  const kind = KEYWORD_OF.get(word);
  if (kind === 'opt_out' || kind === 'opt_in' || kind === 'help') return { kind, keyword: word };
  for (const pattern of STOP_REQUESTS) {
    const match = pattern.exec(body);
    if (match) return { kind: 'stop_request', phrase: match[0] };
  }
  return null;
}
