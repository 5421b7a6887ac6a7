/**
 * full_name: the student's first (or preferred) name together with the last name, in any order, case
 * or punctuation ("Sarah Jones", "JONES, SARAH", "sarah.jones", "Sarah M. Jones", "S. Jones",
 * "sarahjones"); the last name elsewhere in a text that also uses the first name ("Hi Sarah, is this
 * the Jones family?"); and, conservatively, another person's "Firstname Lastname".
 * The first name alone is what the guidance recommends, so it is never flagged.
 */
import type { ContentViolation, DetectorInput } from './content-policy.types';
import { type Token, isCapitalized, isSentenceEnd, matchesAt, nameParts, quote } from './text-scan.util';
import { COMMON_FIRST_NAMES, COMMON_WORDS, TITLES, WELL_KNOWN_SURNAMES } from './word-lists.data';

type Span = { start: number; end: number };

export function detectFullName(input: DetectorInput): ContentViolation[] {
  const out: ContentViolation[] = [];
  // Tokens already inside a reported full name, so the other checks don't report them again.
  const covered = new Uint8Array(input.tokens.length);
  for (const s of input.subject ? ownNameSpans(input, covered) : []) {
    out.push(violation(input.text, s, 'is the student\'s first and last name together. Use just the first name.'));
  }
  for (const s of input.subject ? lastNameElsewhere(input, covered) : []) {
    out.push(violation(input.text, s, 'is the student\'s last name, and the text also uses the first name; together they identify the student. Use just the first name.'));
  }
  for (const s of genericNames(input, covered)) {
    out.push(violation(input.text, s, 'looks like a person\'s first and last name. Don\'t text other students\' or family members\' full names.'));
  }
  return out;
}

function violation(text: string, s: Span, why: string): ContentViolation {
  return { category: 'full_name', start: s.start, end: s.end, message: `Full name: ${quote(text, s.start, s.end)} ${why}` };
}

function givenNames(input: DetectorInput): string[][] {
  return variants([nameParts(input.subject?.firstName), nameParts(input.subject?.preferredName)]);
}

function lastNames(input: DetectorInput): string[][] {
  return variants([nameParts(input.subject?.lastName)]);
}

/** Each name as written and with its punctuation dropped: "O'Brien" is also "obrien", "Mary-Kate" "marykate". */
function variants(names: string[][]): string[][] {
  const out = new Map<string, string[]>();
  for (const parts of names) {
    if (!parts.length) continue;
    out.set(parts.join(' '), parts);
    if (parts.length > 1) out.set(parts.join(''), [parts.join('')]);
  }
  return [...out.values()];
}

/** The sender's own name is allowed, even if it happens to be the student's name too. */
function isSender(input: DetectorInput, tokens: readonly Token[]): boolean {
  return tokens.length > 0 && tokens.every((t) => input.senderParts.has(t.norm));
}

function ownNameSpans(input: DetectorInput, covered: Uint8Array): Span[] {
  const { text, tokens } = input;
  const lasts = lastNames(input);
  const givens = givenNames(input);
  const pairs = givens.flatMap((g) => lasts.map((l) => [g, l] as const));
  const glued = new Set(pairs.flatMap(([g, l]) => [g.join('') + l.join(''), l.join('') + g.join('')]));
  const out: Span[] = [];
  const add = (from: number, to: number): void => {
    if (isSender(input, tokens.slice(from, to + 1))) return;
    out.push({ start: tokens[from]!.start, end: tokens[to]!.end });
    covered.fill(1, from, to + 1);
  };
  for (let i = 0; i < tokens.length; i++) {
    if (glued.has(tokens[i]!.norm)) add(i, i);
    for (const [g, last] of pairs) {
      if (matchesAt(text, tokens, i, g)) {
        const j = i + g.length;
        if (matchesAt(text, tokens, j, last)) add(i, j + last.length - 1);
        else if (isInitial(tokens[j]) && matchesAt(text, tokens, j, [tokens[j]!.norm, ...last])) add(i, j + last.length);
      }
      if (matchesAt(text, tokens, i, last) && matchesAt(text, tokens, i + last.length, g)) add(i, i + last.length + g.length - 1);
      // "S. Jones" / "S.Jones": an initial needs its dot, so "s jones" in a sentence isn't read as one.
      const t = tokens[i]!;
      if (isInitial(t) && t.norm === g[0]!.charAt(0) && text.charAt(t.end) === '.' && matchesAt(text, tokens, i, [t.norm, ...last])) {
        add(i, i + last.length);
      }
    }
  }
  return out;
}

function isInitial(t: Token | undefined): boolean {
  return t !== undefined && t.norm.length === 1 && /\p{L}/u.test(t.norm);
}

/** The last name on its own, written as a name, in a text that also names the student by first name. */
function lastNameElsewhere(input: DetectorInput, covered: Uint8Array): Span[] {
  const { text, tokens } = input;
  const givens = givenNames(input);
  const lasts = lastNames(input);
  if (!tokens.some((_, i) => givens.some((g) => matchesAt(text, tokens, i, g)))) return [];
  const out: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const last = lasts.find((l) => matchesAt(text, tokens, i, l));
    if (!last) continue;
    const span = { start: tokens[i]!.start, end: tokens[i + last.length - 1]!.end };
    if (covered[i]) continue;
    if (!isCapitalized(tokens[i]!.raw) || startsSentence(text, span.start)) continue;
    if (isSender(input, tokens.slice(i, i + last.length))) continue;
    // "George Washington", "Capitol Hill", "Brown University": part of some other proper name.
    const prev = spaced(text, tokens[i - 1], tokens[i]) ? tokens[i - 1] : undefined;
    const next = spaced(text, tokens[i + last.length - 1], tokens[i + last.length]) ? tokens[i + last.length] : undefined;
    if (prev && isCapitalized(prev.raw) && !TITLES.has(prev.norm) && !COMMON_WORDS.has(prev.norm)) continue;
    if (next && isCapitalized(next.raw) && !COMMON_WORDS.has(next.norm)) continue;
    // "Brown v. Board of Education": a case name, not a family.
    if (next && (next.norm === 'v' || next.norm === 'vs')) continue;
    out.push(span);
  }
  return out;
}

function startsSentence(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && i >= at - 4 && /[ \t"'“‘(]/.test(text.charAt(i))) i--;
  return i < 0 || text.charAt(i) === ':' || isSentenceEnd(text, i);
}

/** Two words separated by plain spaces (titles may keep their dot: "Mrs. Lee"). */
function spaced(text: string, a: Token | undefined, b: Token | undefined): boolean {
  if (!a || !b) return false;
  return /^\.? {1,2}$/.test(text.slice(a.end, b.start));
}

/** "Tyler Brooks": a common given name, then a capitalised word that is no everyday or curriculum word. */
function genericNames(input: DetectorInput, covered: Uint8Array): Span[] {
  const { text, tokens } = input;
  const ownGivens = new Set(givenNames(input).map((g) => g.join(' ')));
  const out: Span[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (covered[i] || !(COMMON_FIRST_NAMES.has(a.norm) || ownGivens.has(a.norm)) || !isCapitalized(a.raw)) continue;
    if (!/^ {1,2}$/.test(text.slice(a.end, b.start)) || !looksLikeSurname(b)) continue;
    if (isSender(input, [a, b]) || introducesSender(text, a.start)) continue;
    const prev = tokens[i - 1];
    if (prev && TITLES.has(prev.norm) && /^\.? {1,2}$/.test(text.slice(prev.end, a.start))) continue;
    out.push({ start: a.start, end: b.end });
  }
  return out;
}

function looksLikeSurname(t: Token): boolean {
  if (!isCapitalized(t.raw) || t.norm.length < 2 || !/^[\p{L}\p{M}]+$/u.test(t.raw)) return false;
  if (t.raw.length <= 3 && t.raw === t.raw.toUpperCase()) return false; // "TX", "ELA", "PE"
  return !COMMON_WORDS.has(t.norm) && !WELL_KNOWN_SURNAMES.has(t.norm) && !TITLES.has(t.norm);
}

/** "this is Amy Bell", "I'm Amy Bell", "- Amy Bell": the sender introducing or signing as themself. */
function introducesSender(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 14), at).toLowerCase();
  return /(?:this is|i'm|i’m|i am|my name is|it's|it’s|from|(?:thanks|thank you|best|sincerely|regards|cheers)[,!.]?|[-–—~])\s*$/.test(before);
}
