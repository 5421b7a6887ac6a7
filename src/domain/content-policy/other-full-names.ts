/**
 * Another person's full name ("Tyler Brooks", "Camila de la Rosa") for the full_name detector: a known given name
 * before a surname, or an unknown capitalised word before a common surname, never the sender's own name nor a name
 * from the curriculum.
 */
import type { DetectorInput } from './content-policy.types';
import { type Token, isCapitalized, isSentenceEnd } from './text-scan.util';
import { COMMON_SURNAMES, MORE_FIRST_NAMES, SPANISH_COMMON_WORDS, SURNAME_PARTICLES } from './name-lists.data';
import {
  COMMON_FIRST_NAMES,
  COMMON_WORDS,
  FAMOUS_PEOPLE,
  PLACE_WORDS,
  TITLES,
  WELL_KNOWN_SURNAMES,
} from './word-lists.data';

export type Span = { start: number; end: number };

/** What the detector knows of the student and the sender, which this scan must not report. */
export interface OwnNames {
  givens: ReadonlySet<string>;
  isSender: (tokens: readonly Token[]) => boolean;
}

export function startsSentence(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && i >= at - 4 && /[ \t"'“‘(]/.test(text.charAt(i))) i--;
  return i < 0 || text.charAt(i) === ':' || isSentenceEnd(text, i);
}

/**
 * Another person's "Given Surname": a known given name (English or Spanish) before a capitalised word
 * that is no everyday, course or calendar word, or an unknown capitalised word (not opening a sentence)
 * before a common surname. The span runs over a second surname and particles ("García López",
 * "de la Cruz") so the rewrite can keep just the given name. The sender's own names never count.
 */
export function genericNames(input: DetectorInput, covered: Uint8Array, own: OwnNames): Span[] {
  const { text, tokens } = input;
  const ownGivens = own.givens;
  const out: Span[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    if (covered[i] || !isCapitalized(a.raw) || input.senderParts.has(a.norm)) continue;
    const known = isGivenName(a.norm) || ownGivens.has(a.norm);
    if (!known && !unknownGivenBeforeSurname(input, i)) continue;
    const end = surnameEnd(input, i + 1);
    if (end >= 0 && isFamous(a, tokens[i + 1]!, known && isGivenName(a.norm))) {
      i = end;
      continue;
    }
    if (end < 0 || own.isSender(tokens.slice(i, end + 1)) || introducesSender(text, a.start)) continue;
    const prev = tokens[i - 1];
    if (prev && TITLES.has(prev.norm) && /^\.? {1,2}$/.test(text.slice(prev.end, a.start))) continue;
    out.push({ start: a.start, end: tokens[end]!.end });
    i = end;
  }
  return out;
}

/** "Emily Dickinson", "Harper Lee", "Gabriel García Márquez": a name from the curriculum. */
function isFamous(given: Token, surname: Token, listedGiven: boolean): boolean {
  return FAMOUS_PEOPLE.has(`${given.norm} ${surname.norm}`) || (!listedGiven && WELL_KNOWN_SURNAMES.has(surname.norm));
}

function isGivenName(norm: string): boolean {
  return COMMON_FIRST_NAMES.has(norm) || MORE_FIRST_NAMES.has(norm);
}

/** "Jaylen Brooks": an unlisted capitalised word, not the first of its sentence, before a listed surname. */
function unknownGivenBeforeSurname(input: DetectorInput, i: number): boolean {
  const a = input.tokens[i]!;
  const b = input.tokens[i + 1]!;
  if (!COMMON_SURNAMES.has(b.norm) || !isCapitalized(b.raw) || !looksLikeSurname(input, a)) return false;
  return !startsSentence(input.text, a.start) && /^ {1,2}$/.test(input.text.slice(a.end, b.start));
}

/**
 * The index of the last token of a surname starting at token j ("Brooks", "García López",
 * "García-López", "de la Cruz", "del Río"), or -1. A second given name ("María José") is no surname:
 * the surname, if any, comes after it.
 */
function surnameEnd(input: DetectorInput, j: number): number {
  const { text, tokens } = input;
  const spacedFrom = (k: number, gap = /^ {1,2}$/): boolean =>
    tokens[k] !== undefined && gap.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start));
  let k = j;
  // A compound given name: skip one more given name that is not also a common surname.
  if (
    spacedFrom(k) &&
    isGivenName(tokens[k]!.norm) &&
    !COMMON_SURNAMES.has(tokens[k]!.norm) &&
    isCapitalized(tokens[k]!.raw)
  )
    k++;
  const particles = (at: number): number => {
    let p = at;
    while (p < tokens.length && p - at < 2 && SURNAME_PARTICLES.has(tokens[p]!.raw) && spacedFrom(p)) p++;
    return p;
  };
  let p = particles(k);
  if (!spacedFrom(p)) return -1;
  // "O'Neill", "D'Angelo": the letter and the name after its apostrophe are one surname.
  const next = tokens[p + 1];
  if (
    /^[OD]$/.test(tokens[p]!.raw) &&
    next &&
    /^['’]$/.test(text.slice(tokens[p]!.end, next.start)) &&
    isCapitalized(next.raw)
  )
    p++;
  else if (!looksLikeSurname(input, tokens[p]!)) return -1;
  let end = p;
  // A second surname, hyphenated or after a particle ("García López", "García-López", "Pérez y Soto").
  p = particles(end + 1);
  if (
    spacedFrom(p, /^ {1,2}$|^-$/) &&
    looksLikeSurname(input, tokens[p]!) &&
    (p > end + 1 || COMMON_SURNAMES.has(tokens[p]!.norm) || text.charAt(tokens[p]!.start - 1) === '-')
  )
    end = p;
  return end;
}

function looksLikeSurname(input: DetectorInput, t: Token): boolean {
  if (!isCapitalized(t.raw) || t.norm.length < 2 || !/^[\p{L}\p{M}]+$/u.test(t.raw)) return false;
  if (t.raw.length <= 3 && t.raw === t.raw.toUpperCase()) return false; // "TX", "ELA", "PE"
  if (input.senderParts.has(t.norm)) return false; // "Sarah Amy Bell here": the sender, not a surname
  return (
    !COMMON_WORDS.has(t.norm) && !SPANISH_COMMON_WORDS.has(t.norm) && !TITLES.has(t.norm) && !PLACE_WORDS.has(t.norm)
  );
}

/** "this is Amy Bell", "I'm Amy Bell", "- Amy Bell", "soy Amy Bell": the sender introducing or signing as themself. */
function introducesSender(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 14), at).toLowerCase();
  return /(?:this is|i'm|i’m|i am|my name is|it's|it’s|from|soy|habla|atentamente|(?:thanks|thank you|best|sincerely|regards|cheers|gracias|saludos)[,!.]?|[-–—~])\s*$/.test(
    before,
  );
}
