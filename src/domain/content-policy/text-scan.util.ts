/**
 * Shared scanning helpers. Detectors work on word tokens (found by one linear regex) rather than on
 * big regular expressions, so no pattern can backtrack catastrophically and positions stay exact
 * UTF-16 offsets into the original text (we never normalise the text itself, only copies of tokens).
 */

/** A run of letters, marks, digits, or invisible joiners (so "Sa\u200Brah" stays one word). */
export interface Token {
  /** As written. */
  raw: string;
  /** Case-, accent- and invisible-character-folded, for comparison. */
  norm: string;
  start: number;
  end: number;
}

const TOKEN = /[\p{L}\p{M}\p{N}\u00AD\u200B-\u200D\u2060\uFEFF]+/gu;
const INVISIBLE_OR_MARK = /[\p{M}\u00AD\u200B-\u200D\u2060\uFEFF]/gu;

/** Lowercase, strip accents and invisible characters: "García" and "GARCIA" compare equal. */
export function fold(s: string): string {
  return s.normalize('NFKD').replace(INVISIBLE_OR_MARK, '').toLowerCase();
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const norm = fold(m[0]);
    if (norm.length > 0) out.push({ raw: m[0], norm, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Folded word parts of a name or phrase ("O'Brien" -> ["o", "brien"]). */
export function nameParts(s: string | null | undefined): string[] {
  return s ? tokenize(s).map((t) => t.norm) : [];
}

/** True when the text between two tokens is short punctuation/space only (names "split by punctuation"). */
export function joinedBy(text: string, left: Token, right: Token, maxGap = 3): boolean {
  const gap = right.start - left.end;
  return gap >= 0 && gap <= maxGap && (gap === 0 ? false : !/[\p{L}\p{N}]/u.test(text.slice(left.end, right.start)));
}

/** Index of the first token at which `parts` occur consecutively, each pair joined by punctuation. */
export function matchesAt(text: string, tokens: readonly Token[], i: number, parts: readonly string[]): boolean {
  if (parts.length === 0 || i + parts.length > tokens.length) return false;
  for (let k = 0; k < parts.length; k++) {
    if (tokens[i + k]!.norm !== parts[k]) return false;
    if (k > 0 && !joinedBy(text, tokens[i + k - 1]!, tokens[i + k]!)) return false;
  }
  return true;
}

export function isCapitalized(raw: string): boolean {
  const first = raw.charAt(0);
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

/** Sentence containing [start, end): bounded by . ! ? or newline (a dot between digits doesn't end one), capped at `reach` chars each way. */
export function sentenceAround(text: string, start: number, end: number, reach = 80): { from: number; to: number } {
  let from = start;
  const min = Math.max(0, start - reach);
  while (from > min && !isSentenceEnd(text, from - 1)) from--;
  let to = end;
  const max = Math.min(text.length, end + reach);
  while (to < max && !isSentenceEnd(text, to)) to++;
  return { from, to };
}

/** Whether the character at i ends a sentence ("Mrs.", "3.5" and "a.m." don't). */
export function isSentenceEnd(text: string, i: number): boolean {
  const c = text.charAt(i);
  if (c === '!' || c === '?' || c === '\n') return true;
  if (c !== '.') return false;
  // "3.5", "a.m." and "Mrs." don't end a sentence; ". " followed by anything does.
  const next = text.charAt(i + 1);
  if (next !== '' && !/\s/.test(next)) return false;
  // "Mrs. Bell", "Sept. 30", "Ave. and": a short capitalised word before the dot is an abbreviation.
  let k = i;
  while (k > 0 && i - k < 5 && /\p{L}/u.test(text.charAt(k - 1))) k--;
  const word = text.slice(k, i);
  return !(word.length >= 1 && word.length <= 4 && isCapitalized(word) && !/\p{L}/u.test(text.charAt(k - 1)));
}

/** Quoted, shortened excerpt for messages. */
export function quote(text: string, start: number, end: number, max = 40): string {
  const s = text.slice(start, end).replace(/\s+/g, ' ');
  return `"${s.length > max ? `${s.slice(0, max - 1)}…` : s}"`;
}

/** Keep the first 2 characters and star the rest, so a verdict never repeats a secret in full. */
export function mask(secret: string): string {
  const visible = secret.length > 4 ? 2 : 1;
  return secret.slice(0, visible) + '*'.repeat(Math.min(8, Math.max(1, secret.length - visible)));
}

const foldedChars = new Map<string, string>();

/**
 * The text lowercased with accents dropped, character for character, so every index still points at
 * the same place in the original: "Calificación" -> "calificacion". Regular expressions written in
 * plain ASCII (with ASCII \b) can then read Spanish ("contraseña", "cumpleaños") and give exact spans.
 * A character whose folded form has another length ("ﬁ", "İ", a lone accent mark) is kept as it is.
 */
export function foldSameLength(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 128) {
      out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
      continue;
    }
    let f = foldedChars.get(ch);
    if (f === undefined) {
      const folded = fold(ch);
      f = folded.length === ch.length ? folded : ch;
      if (foldedChars.size < 4096) foldedChars.set(ch, f);
    }
    out += f;
  }
  return out;
}
