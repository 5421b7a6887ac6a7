/**
 * full_name: the student's first (or preferred) name together with the last name, in any order, case
 * or punctuation ("Sarah Jones", "JONES, SARAH", "sarah.jones", "Sarah M. Jones", "S. Jones",
 * "sarahjones"), also letter-spaced, split over lines or inside a file name ("SarahJonesEssay.docx");
 * a part of a compound last name ("Ximena García" for García López); the last name elsewhere in a text
 * that also uses the first name ("Hi Sarah, is this the Jones family?"); and another person's "Given
 * Surname" in English or Spanish ("Tyler Brooks", "Camila de la Rosa"), but never the sender's own name.
 * The first name alone is what the guidance recommends, so it is never flagged.
 */
import type { ContentSubject, ContentViolation, DetectorInput } from './content-policy.types';
import { BoundedMemo, keyOf } from './memo.util';
import { type Token, isCapitalized, matchesAt, nameParts, quote } from './text-scan.util';
import { type Span, genericNames, startsSentence } from './other-full-names';
import { SURNAME_PARTICLES } from './name-lists.data';
import { COMMON_WORDS, TITLES } from './word-lists.data';

export function detectFullName(input: DetectorInput): ContentViolation[] {
  const out: ContentViolation[] = [];
  // Tokens already inside a reported full name, so the other checks don't report them again.
  const covered = new Uint8Array(input.tokens.length);
  const names = namesOf(input.subject);
  for (const s of input.subject ? ownNameSpans(input, names, covered) : []) {
    out.push(violation(input.text, s, "is the student's first and last name together. Use just the first name."));
  }
  for (const s of input.subject ? lastNameElsewhere(input, names, covered) : []) {
    out.push(
      violation(
        input.text,
        s,
        "is the student's last name, and the text also uses the first name; together they identify the student. Use just the first name.",
      ),
    );
  }
  for (const s of input.subject ? spacedOwnName(input, names) : []) {
    out.push(
      violation(
        input.text,
        s,
        "is the student's first and last name, spelled out or split up. Use just the first name.",
      ),
    );
  }
  const own = {
    givens: names.givenKeys,
    isSender: (t: readonly Token[]) => isSender(input, t),
  };
  for (const s of genericNames(input, covered, own)) {
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

/** The student's names as the scans below read them; they depend on the names only, not on the text. */
interface SubjectNames {
  givens: readonly (readonly string[])[];
  lasts: readonly (readonly string[])[];
  /** Each given name with each last name, in that order. */
  pairs: ReadonlyArray<readonly [readonly string[], readonly string[]]>;
  /** Given and last name glued, both ways ("sarahjones", "jonessarah"). */
  glued: ReadonlySet<string>;
  /** The glued forms that spacedOwnName looks for (letters only, at least 5). */
  spacedTargets: ReadonlySet<string>;
  /** Each given name's parts joined by a space. */
  givenKeys: ReadonlySet<string>;
}

/** One entry per distinct (first, last, preferred) name, worked out once a call; see BoundedMemo. */
const namesMemo = new BoundedMemo<SubjectNames>(2000);

function namesOf(subject: ContentSubject | null): SubjectNames {
  const { firstName, lastName, preferredName } = subject ?? {};
  return namesMemo.get(keyOf(firstName, lastName, preferredName), () => {
    const givens = givenNames(firstName, preferredName);
    const lasts = lastNames(lastName);
    const pairs = givens.flatMap((g) => lasts.map((l) => [g, l] as const));
    const glued = new Set(pairs.flatMap(([g, l]) => [g.join('') + l.join(''), l.join('') + g.join('')]));
    const spacedTargets = new Set(
      givens
        .map((g) => g.join(''))
        .flatMap((g) => lasts.map((l) => l.join('')).flatMap((l) => [g + l, l + g]))
        .filter((t) => /^[a-z]{5,}$/.test(t)),
    );
    return { givens, lasts, pairs, glued, spacedTargets, givenKeys: new Set(givens.map((g) => g.join(' '))) };
  });
}

function givenNames(firstName: string | undefined, preferredName: string | null | undefined): string[][] {
  return variants([nameParts(firstName), nameParts(preferredName)]);
}

/** The last name, and each part of a compound one ("García López" is also "García" and "López"). */
function lastNames(lastName: string | undefined): string[][] {
  const last = lastName ?? '';
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

function ownNameSpans(input: DetectorInput, { pairs, glued }: SubjectNames, covered: Uint8Array): Span[] {
  const { text, tokens } = input;
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
function spacedOwnName(input: DetectorInput, names: SubjectNames): Span[] {
  const { text, folded } = input;
  const targets = names.spacedTargets;
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
function lastNameElsewhere(input: DetectorInput, { givens, lasts }: SubjectNames, covered: Uint8Array): Span[] {
  const { text, tokens } = input;
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

/** Two words separated by plain spaces (titles may keep their dot: "Mrs. Lee"). */
function spaced(text: string, a: Token | undefined, b: Token | undefined): boolean {
  if (!a || !b) return false;
  return /^\.? {1,2}$/.test(text.slice(a.end, b.start));
}
