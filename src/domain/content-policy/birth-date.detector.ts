/**
 * birth_date: the student's own date of birth in any common format (flagged on its own when the year
 * is there, since month + day + year identifies a student), the month and day alone when the text
 * also talks about a birthday, and any date written next to "birthday", "born" or "DOB".
 * A session date that happens to fall on the birthday ("study session on 4/17") is allowed:
 * nothing in such a text says it is a birth date.
 */
import type { ContentViolation, DetectorInput } from './content-policy.types';
import { type DateExpression, findDates } from './date-expressions.util';
import { allMatches, quote, sentenceAround } from './text-scan.util';

/**
 * Birthday words in English and Spanish (read on the folded text), and "turning 16" / "cumples 16"
 * which say the same thing.
 */
const BIRTH_WORD =
  /\b(?:birth ?days?|b-?days?|b'days?|bday|hbd|hbday|born|dob|d\.o\.b|date of birth|birth ?dates?|turn(?:s|ing)? \d{1,2}|cumpleanos|cumple|cumples|cumplir|cumpliste|nacio|naciste|nacimiento|nacid[oa]|f\. ?nac|fecha de nac|(?:cumples|cumple|cumplira|cumpliras) \d{1,2})(?![a-z])/g;

/** How far (in characters) a birthday word may stand from a date in the next or previous sentence. */
const NEARBY = 24;

export function detectBirthDate(input: DetectorInput): ContentViolation[] {
  const { text } = input;
  const keywords = allMatches(BIRTH_WORD, input.folded).map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const dates = findDates(text, input.tokens, keywords.length > 0);
  if (!dates.length) return [];
  const dob = parseDob(input.subject?.dateOfBirth);
  const out: ContentViolation[] = [];
  for (const d of dates) {
    const own = dob ? sameDay(d, dob) : 'no';
    const sentence = keywords.length ? sentenceAround(text, d.start, d.end) : null;
    // In its sentence, or just across a "!" ("HBD Sarah!! 4/17 🎉", "¡Feliz cumpleaños! 17 de abril").
    const nearKeyword =
      sentence !== null &&
      (keywordWithin(keywords, sentence.from, sentence.to) ||
        keywordWithin(keywords, Math.max(0, d.start - NEARBY), d.end + NEARBY));
    if (own === 'with_year' || (own === 'day_only' && keywords.length > 0) || nearKeyword) {
      out.push({
        category: 'birth_date',
        start: d.start,
        end: d.end,
        message: `Birth date: ${quote(text, d.start, d.end)} looks like a date of birth. Don't text birth dates.`,
      });
    }
  }
  return out;
}

/** Binary search over keywords sorted by start: linear overall even with thousands of dates and keywords. */
function keywordWithin(keywords: ReadonlyArray<{ start: number; end: number }>, from: number, to: number): boolean {
  let lo = 0;
  let hi = keywords.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keywords[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  const k = keywords[lo];
  return k !== undefined && k.end <= to;
}

interface Dob {
  year: number;
  month: number;
  day: number;
}

function parseDob(s: string | null | undefined): Dob | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s?.trim() ?? '');
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}

function sameDay(d: DateExpression, dob: Dob): 'with_year' | 'day_only' | 'no' {
  if (!d.readings.some((r) => r.month === dob.month && r.day === dob.day)) return 'no';
  if (d.year === null) return 'day_only';
  const year = d.shortYear ? dob.year % 100 : dob.year;
  // A different year means a different date ("the 4/17/2025 session"), not the birth date.
  return d.year === year ? 'with_year' : 'no';
}
