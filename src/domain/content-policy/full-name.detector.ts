/**
 * full_name: the student's first (or preferred) name together with the last name, in any order, case
 * or punctuation ("Sarah Jones", "JONES, SARAH", "sarah.jones", "Sarah M. Jones", "S. Jones",
 * "sarahjones"), also letter-spaced, split over lines or inside a file name ("SarahJonesEssay.docx");
 * a part of a compound last name ("Ximena García" for García López); the last name elsewhere in a text
 * that also uses the first name ("Hi Sarah, is this the Jones family?"); and another person's "Given
 * Surname" in English or Spanish ("Tyler Brooks", "Camila de la Rosa"), but never the sender's own name.
 * The first name alone is what the guidance recommends, so it is never flagged.
 */
import type { ContentViolation, DetectorInput } from './content-policy.types';
import { type Token, isCapitalized, isSentenceEnd, matchesAt, nameParts, quote } from './text-scan.util';
import { COMMON_SURNAMES, MORE_FIRST_NAMES, SPANISH_COMMON_WORDS, SURNAME_PARTICLES } from './name-lists.data';
import {
  COMMON_FIRST_NAMES,
  COMMON_WORDS,
  FAMOUS_PEOPLE,
  PLACE_WORDS,
  TITLES,
  WELL_KNOWN_SURNAMES,
} from './word-lists.data';

type Span = { start: number; end: number };

export function detectFullName(input: DetectorInput): ContentViolation[] {
  const out: ContentViolation[] = [];
  // Tokens already inside a reported full name, so the other checks don't report them again.
  const covered = new Uint8Array(input.tokens.length);
  for (const s of input.subject ? ownNameSpans(input, covered) : []) {
    out.push(violation(input.text, s, "is the student's first and last name together. Use just the first name."));
  }
  for (const s of input.subject ? lastNameElsewhere(input, covered) : []) {
    out.push(
      violation(
        input.text,
        s,
        "is the student's last name, and the text also uses the first name; together they identify the student. Use just the first name.",
      ),
    );
  }
  for (const s of input.subject ? spacedOwnName(input) : []) {
    out.push(
      violation(
        input.text,
        s,
        "is the student's first and last name, spelled out or split up. Use just the first name.",
      ),
    );
  }
  for (const s of genericNames(input, covered)) {
    out.push(
      violation(
        input.text,
        s,
        "looks like a person's first and last name. Don't text other students' or family members' full names.",
      ),
    );
  }
  return out;
}

function violation(text: string, s: Span, why: string): ContentViolation {
  return {
    category: 'full_name',
    start: s.start,
    end: s.end,
    message: `Full name: ${quote(text, s.start, s.end)} ${why}`,
  };
}

function givenNames(input: DetectorInput): string[][] {
  return variants([nameParts(input.subject?.firstName), nameParts(input.subject?.preferredName)]);
}

/** The last name, and each part of a compound one ("García López" is also "García" and "López"). */
function lastNames(input: DetectorInput): string[][] {
  const last = input.subject?.lastName ?? '';
  const parts = last
    .split(/[\s-]+/)
    .map(nameParts)
    .filter((p) => p.length > 0 && p.join('').length >= 3 && !SURNAME_PARTICLES.has(p.join('')));
  return variants([nameParts(last), ...(parts.length > 1 ? parts : [])]);
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
        else if (isInitial(tokens[j]) && matchesAt(text, tokens, j, [tokens[j]!.norm, ...last]))
          add(i, j + last.length);
      }
      if (matchesAt(text, tokens, i, last) && matchesAt(text, tokens, i + last.length, g))
        add(i, i + last.length + g.length - 1);
      // "S. Jones" / "S.Jones": an initial needs its dot, so "s jones" in a sentence isn't read as one.
      const t = tokens[i]!;
      if (
        isInitial(t) &&
        t.norm === g[0]!.charAt(0) &&
        text.charAt(t.end) === '.' &&
        matchesAt(text, tokens, i, [t.norm, ...last])
      ) {
        add(i, i + last.length);
      }
    }
  }
  return out;
}

/**
 * The student's first and last name with the letters spaced or split ("S a r a h J o n e s",
 * "Sarah\nJones", "sarah.jones", "SarahJonesEssay.docx"): the letters of the text read as one stream
 * (gaps of up to 3 non-letters are skipped; longer gaps or digits break it) and searched for the name
 * glued together, beginning and ending at word or camel-case boundaries. Linear: one pass, then indexOf.
 */
function spacedOwnName(input: DetectorInput): Span[] {
  const { text, folded } = input;
  const givens = givenNames(input).map((g) => g.join(''));
  const lasts = lastNames(input).map((l) => l.join(''));
  const targets = new Set(
    givens.flatMap((g) => lasts.flatMap((l) => [g + l, l + g])).filter((t) => /^[a-z]{5,}$/.test(t)),
  );
  if (!targets.size) return [];
  let stream = '';
  const at: number[] = [];
  let gap = 0;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charAt(i);
    if (c >= 'a' && c <= 'z') {
      if (gap > 3) {
        stream += '|';
        at.push(i);
      }
      stream += c;
      at.push(i);
      gap = 0;
    } else gap = c >= '0' && c <= '9' ? 99 : gap + 1;
  }
  const out: Span[] = [];
  for (const target of targets) {
    for (let k = stream.indexOf(target); k >= 0; k = stream.indexOf(target, k + 1)) {
      const start = at[k]!;
      const end = at[k + target.length - 1]! + 1;
      const inside = input.tokens.filter((t) => t.start >= start && t.end <= end);
      if (wordEdge(text, start - 1, start) && wordEdge(text, end - 1, end) && !isSender(input, inside))
        out.push({ start, end });
    }
  }
  return out;
}

/** Whether a word may end at `left` and begin at `right`: no letter on one side, or a camel-case step ("JonesEssay"). */
function wordEdge(text: string, left: number, right: number): boolean {
  const a = text.charAt(left);
  const b = text.charAt(right);
  const letter = (c: string): boolean => c !== '' && /\p{L}/u.test(c);
  if (!letter(a) || !letter(b)) return true;
  return a === a.toLowerCase() && b !== b.toLowerCase();
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
    const next = spaced(text, tokens[i + last.length - 1], tokens[i + last.length])
      ? tokens[i + last.length]
      : undefined;
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

/**
 * Another person's "Given Surname": a known given name (English or Spanish) before a capitalised word
 * that is no everyday, course or calendar word, or an unknown capitalised word (not opening a sentence)
 * before a common surname. The span runs over a second surname and particles ("García López",
 * "de la Cruz") so the rewrite can keep just the given name. The sender's own names never count.
 */
function genericNames(input: DetectorInput, covered: Uint8Array): Span[] {
  const { text, tokens } = input;
  const ownGivens = new Set(givenNames(input).map((g) => g.join(' ')));
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
    if (end < 0 || isSender(input, tokens.slice(i, end + 1)) || introducesSender(text, a.start)) continue;
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
