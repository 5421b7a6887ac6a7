/**
 * grade: grade values, never the word "grade" itself. Letter grades ("a B+", "an A in Biology",
 * "final grade: C"), percentages and scores given as a grade ("72% in ELA", "18/25 on the quiz",
 * "7 out of 10"), GPA values, and pass/fail results ("you're failing Algebra", "you passed the test").
 * Progress is not a grade: "60% of the way through", "3 of 5 assignments", "14/20 lessons", dates
 * ("quiz on 4/17") and unit, chapter or grade-level numbers are allowed. Spanish is read the same way
 * ("tienes una B en Biología", "sacaste un 9", "estás reprobando"), with casual forms in grade-casual.util.
 */
import type { ContentViolation, DetectorInput } from './content-policy.types';
import { findCasualGrades } from './grade-casual.util';
import { findNumericGrades } from './grade-numbers.util';
import { type Token, allMatches, quote } from './text-scan.util';

type Span = { start: number; end: number };

const SIGNED_LETTER = /(?<![\p{L}\p{N}_+#.-])[A-DF][+-](?![\p{L}\p{N}_+#-])/gu;
/**
 * Each pattern with the words it cannot match without, so that most texts skip it after a cheap `includes`. The
 * patterns read the text case-insensitively; the folded text holds each letter they could match, lowercased, at the same
 * index (also "ſ" and the Kelvin sign, which the `iu` flags match as "s" and "k", fold to "s" and "k"), so when none of
 * the words is in the folded text the pattern has no match.
 */
const PASS_FAIL: ReadonlyArray<{ re: RegExp; needs: readonly string[] }> = [
  {
    re: /\b(?:you(?:'re|’re| are)|are|currently|still|now|is)\s{1,2}(?:currently\s{1,2}|still\s{1,2}|now\s{1,2}|barely\s{1,2})?(?:failing|passing)\b(?!\s{1,2}(?:to|out|by|along|around|notes|the\s{1,2}time)\b)/giu,
    needs: ['failing', 'passing'],
  },
  { re: /\b(?:failing|passing)\s{1,2}(?:grades?|scores?|marks?)\b/giu, needs: ['failing', 'passing'] },
  {
    re: /\b(?:failed|passed|flunked|aced|bombed)\s{1,2}(?:(?:the|your|this|that|my|his|her)\s{1,2})?(?:[\p{L}\p{N}]+\s{1,2}){0,3}?(?:quiz|quizzes|test|tests|exam|exams|midterm|final|class|course|assessment)\b/giu,
    needs: ['failed', 'passed', 'flunked', 'aced', 'bombed'],
  },
  { re: /\b(?:perfect scores?|full marks)\b/giu, needs: ['perfect score', 'full marks'] },
];
/** Needs "gpa" or "grade point average" in the folded text, as PASS_FAIL's patterns need their words. */
const GPA = /\b(?:gpa|grade point average)\b/giu;

/** Words before a bare letter that make it a grade ("got a B", "have an A", "average dropped to a D"). */
const GRADE_VERBS = new Set(
  'got get gets getting earned earn earning received receive made make making pulling pull have has had having holding hold maintaining maintain keeping keep raised raise brought bring sacaste saco sacar obtuviste obtuvo tienes tiene tenias tenia llevas lleva mantienes'.split(
    ' ',
  ),
);
const TO_VERBS = new Set('dropped drop fell up down went improved moved slipped climbed raised brought'.split(' '));
const GRADE_NOUNS = new Set('grade grades average avg mark marks score calificacion nota promedio'.split(' '));
const SKIPPABLE = new Set('a an solid strong high low is was of now currently un una es fue de'.split(' '));
/** A letter after these is a label ("Part B", "Option A", "Plan C"), not a grade. */
const LABELS = new Set(
  'part section option plan group step question choice choices type vitamin appendix table figure exhibit unit lesson chapter level version form period block day track side room hall wing building team answer letter row column'.split(
    ' ',
  ),
);
const GRADED_WORK = new Set(
  'quiz quizzes test tests exam exams midterm final finals essay essays project projects assignment assignments lab labs paper papers report class course presentation assessment examen prueba tarea proyecto ensayo trabajo reporte clase curso parcial evaluacion'.split(
    ' ',
  ),
);
const SUBJECTS = new Set(
  'biology algebra english ela math geometry chemistry physics history spanish french art health science government economics pe music biologia ingles matematicas geometria quimica fisica historia espanol ciencias arte'.split(
    ' ',
  ),
);
/** Words that may stand between a score and the letter it rounds to: "an 89, so a B", "92 = A". */
const ROUNDS_TO = new Set('so a an that is which its thats equals means es una un o sea eso'.split(' '));

export function detectGrade(input: DetectorInput): ContentViolation[] {
  const { text } = input;
  const spans: Span[] = [...findCasualGrades(input.folded, input.tokens)];
  const signed = allMatches(SIGNED_LETTER, text);
  // Built only for a text with a signed letter grade (few are).
  const tokenAt = signed.length ? new Map(input.tokens.map((t, i) => [t.start, i])) : null;
  for (const m of signed) {
    // "an 89, so a B+": the score goes with the letter it rounds to.
    const score = scoreBefore(input, tokenAt?.get(m.index) ?? -1);
    spans.push({ start: score >= 0 ? input.tokens[score]!.start : m.index, end: m.index + m[0].length });
  }
  for (const { re, needs } of PASS_FAIL) {
    if (!needs.some((word) => input.folded.includes(word))) continue;
    for (const m of allMatches(re, text)) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  spans.push(...bareLetters(input), ...gpaValues(text, input.folded), ...findNumericGrades(text, input.folded));
  return spans.map((s) => ({
    category: 'grade',
    start: s.start,
    end: s.end,
    message: `Grade: ${quote(text, s.start, s.end)} gives a grade. Don't text grades; ask the student to check the gradebook or call.`,
  }));
}

function bareLetters(input: DetectorInput): Span[] {
  const { text, tokens } = input;
  const out: Span[] = [];
  tokens.forEach((t, i) => {
    if (!/^[A-DF]$/.test(t.raw)) return;
    // "straight A's", "all B's": plural grades after a describing word.
    if (
      /^['’]s/.test(text.slice(t.end, t.end + 2)) &&
      ['straight', 'all', 'mostly', 'two', 'three', 'four'].includes(tokens[i - 1]?.norm ?? '')
    ) {
      out.push({ start: t.start, end: t.end + 2 });
      return;
    }
    if (/^[+\-&'’]|^\.\p{L}/u.test(text.slice(t.end, t.end + 2))) return;
    const prev = previousWords(tokens, i);
    if (prev[0] && LABELS.has(prev[0])) return;
    const byVerb = prev.some(
      (w, k) => GRADE_VERBS.has(w) || GRADE_NOUNS.has(w) || (w === 'to' && TO_VERBS.has(prev[k + 1] ?? '')),
    );
    const byLabel =
      /[:=]\s{0,2}$/.test(text.slice(Math.max(0, t.start - 3), t.start)) &&
      tokens.slice(Math.max(0, i - 6), i).some((w) => GRADE_NOUNS.has(w.norm));
    const exclaimed =
      /^\s{0,2}!/.test(text.slice(t.end, t.end + 3)) && ['a', 'an', 'una', 'un'].includes(tokens[i - 1]?.norm ?? '');
    // "solid B right now", "a strong A-": a grade described.
    const described = ['solid', 'strong', 'high', 'low', 'straight'].includes(tokens[i - 1]?.norm ?? '');
    const score = scoreBefore(input, i);
    if (score >= 0) out.push({ start: tokens[score]!.start, end: t.end });
    else if (byVerb || byLabel || exclaimed || described || gradedWorkFollows(tokens, i) || gradedWorkBefore(input, i))
      out.push({ start: t.start, end: t.end });
  });
  return out;
}

/** "that essay was an A", "el examen fue una B": a graded work, then "was/is/fue/es" and the letter, in one sentence. */
function gradedWorkBefore(input: DetectorInput, i: number): boolean {
  const { tokens, text } = input;
  const linked = ['was', 'is', 'fue', 'es'].includes(tokens[i - 1]?.norm ?? '')
    ? i - 1
    : ['a', 'an', 'una', 'un'].includes(tokens[i - 1]?.norm ?? '') &&
        ['was', 'is', 'fue', 'es'].includes(tokens[i - 2]?.norm ?? '')
      ? i - 2
      : -1;
  if (linked < 0) return false;
  for (let k = linked - 1; k >= 0 && k >= linked - 3; k--) {
    if (/[.!?\n]/.test(text.slice(tokens[k]!.end, tokens[k + 1]!.start))) return false;
    if (GRADED_WORK.has(tokens[k]!.norm) || SUBJECTS.has(tokens[k]!.norm)) return true;
  }
  return false;
}

/** The index of a score (40-100) that the letter at i rounds ("an 89, so a B"), or -1. Same sentence, a few linking words apart. */
function scoreBefore(input: DetectorInput, i: number): number {
  const { tokens, text } = input;
  for (let k = i - 1; k >= 0 && k >= i - 4; k--) {
    if (/[.!?\n]/.test(text.slice(tokens[k]!.end, tokens[k + 1]!.start))) return -1;
    const n = tokens[k]!.norm;
    if (/^\d{2,3}$/.test(n))
      return Number(n) >= 40 && Number(n) <= 100 && !/[/:.]\d/.test(text.slice(tokens[k]!.end, tokens[k]!.end + 2))
        ? k
        : -1;
    if (!ROUNDS_TO.has(n)) return -1;
  }
  return -1;
}

/** Up to three words before token i, nearest first, skipping articles and "is/was/now": ["got"] for "got a". */
function previousWords(tokens: readonly Token[], i: number): string[] {
  const out: string[] = [];
  for (let k = i - 1; k >= 0 && k >= i - 8 && out.length < 3; k--) {
    const w = tokens[k]!.norm;
    if (out.length === 0 && SKIPPABLE.has(w)) continue;
    out.push(w);
  }
  // The nearest meaningful word decides; the next one only matters for "dropped to".
  return out.length ? [out[0]!, ...(out[0] === 'to' ? out.slice(1, 2) : [])] : [];
}

/** "A on the quiz", "B in Biology", "C for the essay". */
function gradedWorkFollows(tokens: readonly Token[], i: number): boolean {
  const prep = tokens[i + 1]?.norm ?? '';
  if (!['on', 'in', 'for', 'en', 'de', 'para'].includes(prep)) return false;
  for (let k = i + 2; k < tokens.length && k <= i + 5; k++) {
    const w = tokens[k]!.norm;
    if (GRADED_WORK.has(w) || SUBJECTS.has(w)) return true;
  }
  return false;
}

/** "GPA is 3.4", "3.5 GPA": the keyword with a number in the same sentence, within 25 characters. */
function gpaValues(text: string, folded: string): Span[] {
  const out: Span[] = [];
  if (!folded.includes('gpa') && !folded.includes('grade point average')) return out;
  for (const m of allMatches(GPA, text)) {
    const end = m.index + m[0].length;
    const after = /^[^.!?\n\d]{0,25}?(\d(?:\.\d{1,2})?)(?!\d)/.exec(text.slice(end, end + 40));
    const before = /(\d\.\d{1,2})\s{0,2}$/.exec(text.slice(Math.max(0, m.index - 8), m.index));
    if (after) out.push({ start: m.index, end: end + after[0].length });
    else if (before) out.push({ start: m.index - before[0].length, end });
  }
  return out;
}
