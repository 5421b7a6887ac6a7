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
  for (const m of allMatches(TOKEN, text)) {
    // Most words are plain ASCII, which NFKD leaves as it is and which holds no mark or invisible character.
    const norm = isAscii(m[0]) ? m[0].toLowerCase() : fold(m[0]);
    if (norm.length > 0) out.push({ raw: m[0], norm, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * Every match of a global pattern, as `text.matchAll(re)` gives them, but run on `re` itself: matchAll first copies
 * the RegExp (about 0.6 µs a call, and the guard scans two dozen patterns a text). All matches are collected before
 * returning and `re.lastIndex` is left at 0, so a caller may run the same pattern again inside its loop.
 */
export function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  if (!re.global) throw new TypeError('allMatches needs a global pattern');
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    // As matchAll does: step over an empty match (by a whole code point in unicode mode).
    if (m[0] === '') re.lastIndex = advance(text, re.lastIndex, re.unicode || re.flags.includes('v'));
  }
  return out;
}

function advance(text: string, index: number, unicode: boolean): number {
  return index + (unicode ? codePointWidth(text, index) : 1);
}

/** The UTF-16 code units of the code point at `index`: 2 for a surrogate pair, else 1. */
function codePointWidth(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const next = text.charCodeAt(index + 1);
  return code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * A word table read as `record[word]` reads it, but through a Map. Looking a fresh string (a token of the text) up in
 * a plain object makes V8 search its string table first, about twice the cost of hashing it once for a Map. A word that
 * is a name on Object.prototype ("constructor") is still read from the record, so every word gives what `record[word]`
 * gives.
 */
export function wordTable<V>(record: Readonly<Record<string, V>>): (word: string) => V | undefined {
  const own = new Map(Object.entries(record));
  return (word) => own.get(word) ?? (INHERITED.has(word) ? record[word] : undefined);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
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
  // ASCII runs are lowercased in one call (what the per-character rule below does to them); other characters are
  // read a code point at a time (a surrogate pair is one), as `for (const ch of text)` would.
  let asciiFrom = 0;
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      i++;
      continue;
    }
    if (asciiFrom < i) out += text.slice(asciiFrom, i).toLowerCase();
    const width = codePointWidth(text, i);
    const ch = text.slice(i, i + width);
    let f = foldedChars.get(ch);
    if (f === undefined) {
      const folded = fold(ch);
      f = folded.length === ch.length ? folded : ch;
      if (foldedChars.size < 4096) foldedChars.set(ch, f);
    }
    out += f;
    i += width;
    asciiFrom = i;
  }
  return out + text.slice(asciiFrom).toLowerCase();
}
