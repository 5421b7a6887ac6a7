/**
 * credentials: the student's portal username anywhere (also inside an email or a link), and any
 * password, PIN, passcode or login/access code given with its value ("pw: Tiger22", "passcode 7731",
 * "the login code for the quiz is 482913"). Talking about passwords ("click Forgot Password") is fine:
 * only a value is a secret. Verdict messages mask the value so the secret is not repeated in logs.
 */
import type { ContentViolation, DetectorInput } from './content-policy.types';
import { allMatches, fold, mask, nameParts } from './text-scan.util';
import { BoundedMemo, keyOf } from './memo.util';
import { SPANISH_COMMON_WORDS } from './name-lists.data';
import { COMMON_WORDS, NON_SECRET_WORDS } from './word-lists.data';

/** A word after "password:" that describes rather than gives it ("password: ask me", "contraseña: la de siempre"). */
function isEverydayWord(word: string): boolean {
  return NON_SECRET_WORDS.has(word) || COMMON_WORDS.has(word) || SPANISH_COMMON_WORDS.has(word);
}

/** Read on the folded text (lowercase, no accents, same indices), so "Contraseña" is "contrasena". */
const KEYWORD =
  /\b(?:pass ?words?|passwd|pwd|pw|pass ?codes?|pass ?phrases?|pin ?(?:numbers?|codes?)|pins?|(?:login|log-in|sign-?in|access|verification|security|one-?time|temporary|temp|student|auth|2fa|mfa) ?(?:codes?|pins?|keys?|passwords?|pw)|user ?names?|user ?ids?|login(?: ?(?:id|name))?|log-in|sign-?in|contrasenas?|claves?(?: de acceso)?|codigos? de (?:acceso|verificacion|seguridad|inicio)|(?:nombre de )?usuarios?)(?![\p{L}\p{N}])/gu;
/** Words that link a keyword to its value: "password was reset to X", "PIN is now X", "tu contraseña es X". */
const LINKING = new Set([
  'is',
  'was',
  'are',
  'will',
  'be',
  'now',
  'reset',
  'changed',
  'set',
  'to',
  'still',
  'temporarily',
  'just',
  'as',
  'es',
  'era',
  'sera',
  'ahora',
  'sigue',
  'siendo',
  'cambio',
  'a',
  'se',
  'quedo',
  'queda',
  'nueva',
  'nuevo',
  'temporal',
]);
/** "password - bluefish", "pw — tiger": a dash with space around it (or a long dash) labels a value like a colon; "password-protected" doesn't. */
const LABEL_DASH = /^(?:\s{0,2}[–—]|\s{1,2}-(?=\s|[^\s-])|-\s|\.{2,}|…)/;
const CHUNK = /[^\s]+/g;
const USERINFO = /\b[a-z][a-z0-9+.-]{0,20}:\/\/[^\s/@:]{1,64}:[^\s/@]{1,64}@/gi;

export function detectCredentials(input: DetectorInput): ContentViolation[] {
  const { text } = input;
  const out: ContentViolation[] = [];
  const push = (start: number, valueStart: number, end: number, what: string): void => {
    const shown = `"${text.slice(start, valueStart).replace(/\s+/g, ' ')}${mask(text.slice(valueStart, end))}"`;
    out.push({
      category: 'credentials',
      start,
      end,
      message: `Credentials: ${shown} ${what}. Don't text user names, passwords or login codes.`,
    });
  };
  for (const m of allMatches(KEYWORD, input.folded)) {
    const value = findValue(text, m.index + m[0].length);
    if (value) push(m.index, value.start, value.end, 'gives a login secret');
  }
  for (const span of usernameSpans(input)) push(span.start, span.start, span.end, "is the student's portal username");
  for (const m of allMatches(USERINFO, text))
    push(m.index, m.index, m.index + m[0].length, 'puts a user name and password in a link');
  return out;
}

type Span = { start: number; end: number };

/** The value right after the keyword (through linking words), or after a "label:" / "is" within the sentence. */
function findValue(text: string, from: number): Span | null {
  const chunks = chunksAfter(text, from, 8);
  let explicit = LABEL_DASH.test(text.slice(from, from + 4));
  for (const c of chunks) {
    const core = stripValue(text, c);
    explicit ||= /^[:=]/.test(text.slice(c.start, c.end));
    if (!core) {
      // Only punctuation: ":", "=", a lone dash or an ellipsis labels what follows ("new password... lighthouse").
      const label = text.slice(c.start, c.end);
      const ellipsis = /^(?:\.{2,}|…)$/.test(label) || /(?:\.{2,}|…)$/.test(text.slice(from, c.end));
      explicit ||= /[:=–—-]/.test(label) || ellipsis;
      if (c.endsSentence && !ellipsis) return null;
      continue;
    }
    const word = fold(text.slice(core.start, core.end));
    if (
      looksSecret(text.slice(core.start, core.end)) ||
      (explicit && word.length >= 3 && !isEverydayWord(word) && !LINKING.has(word))
    )
      return core;
    if (c.endsSentence || !LINKING.has(word)) break;
    explicit ||= /[:=]$/.test(text.slice(c.start, c.end)); // "contraseña nueva: Mariposa"
  }
  // "PIN for the testing portal: 5521", "the login code for the quiz is 482913".
  for (let i = 0; i + 1 < chunks.length; i++) {
    const c = chunks[i]!;
    const label = text.slice(c.start, c.end);
    if (c.endsSentence) return null;
    if (/[:=]$/.test(label) || fold(label) === 'is' || fold(label) === 'es') {
      // Skip "now", "still", "set to"... and judge the first real word.
      const value = chunks.slice(i + 1).find((c2) => !LINKING.has(fold(text.slice(c2.start, c2.end))));
      const core = value ? stripValue(text, value) : null;
      return core && looksSecret(text.slice(core.start, core.end)) ? core : null;
    }
  }
  return null;
}

interface Chunk extends Span {
  endsSentence: boolean;
}

/** Up to `max` whitespace-separated chunks after `from`, looking no further than 60 characters. */
function chunksAfter(text: string, from: number, max: number): Chunk[] {
  const window = text.slice(from, from + 60);
  const out: Chunk[] = [];
  for (const m of allMatches(CHUNK, window)) {
    if (out.length >= max) break;
    const end = from + m.index + m[0].length;
    out.push({ start: from + m.index, end, endsSentence: /[.!?]$/.test(m[0]) });
    if (/\n/.test(text.slice(end, end + 1))) break;
  }
  return out;
}

/** The chunk without its separators, quotes and trailing punctuation; null when nothing is left. */
function stripValue(text: string, c: Span): Span | null {
  let start = c.start;
  let end = c.end;
  while (start < end && /[:="'“‘(\-–—]/.test(text.charAt(start))) start++;
  while (end > start && /[.,;:!?)"'”’]/.test(text.charAt(end - 1))) end--;
  return end > start ? { start, end } : null;
}

/** Has a digit, a symbol or inner capitals: "Tiger22", "Geo!metry9", "GX7-22Q", "4821". Not a time. */
function looksSecret(s: string): boolean {
  if (s.length < 3 || s.length > 64 || /^\d{1,2}:\d{2}$|^\d{1,2}(?:am|pm)$/i.test(s)) return false;
  return /\d/.test(s) || /[!@#$%^&*_+=~|<>?]/.test(s) || /\p{Ll}\p{Lu}/u.test(s);
}

/** The username as its own word: also inside "sjones09@students..." or ".../sjones09/". */
function usernameSpans(input: DetectorInput): Span[] {
  const { firstName, lastName, preferredName, username } = input.subject ?? {};
  const re = usernameMemo.get(keyOf(firstName, lastName, preferredName, username), () =>
    usernamePattern(firstName, lastName, preferredName, username),
  );
  if (!re) return [];
  // exec on the memoized pattern, not matchAll: matchAll clones the RegExp, and a clone of a pattern with Unicode
  // property classes is compiled again whenever V8 has flushed its code (after a few garbage collections).
  const spans: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(input.text); m !== null; m = re.exec(input.text))
    spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}

/**
 * Compiled once per student (compiling it was the detector's largest cost per text); see BoundedMemo. Null when there
 * is nothing to look for: no username, one shorter than 3, or one that is just a name of the student's.
 */
const usernameMemo = new BoundedMemo<RegExp | null>(2000);

function usernamePattern(
  firstName: string | undefined,
  lastName: string | undefined,
  preferredName: string | null | undefined,
  rawUsername: string | null | undefined,
): RegExp | null {
  const username = rawUsername?.trim() ?? '';
  const names = new Set([firstName, lastName, preferredName].map((n) => nameParts(n).join('')));
  if (username.length < 3 || names.has(fold(username))) return null;
  // Escape regex syntax only: in unicode mode an escaped "-" outside a class is itself an error.
  const escaped = username.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}_.-])${escaped}(?![\\p{L}\\p{N}_-])`, 'giu');
}
