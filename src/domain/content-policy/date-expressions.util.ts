/**
 * Finds calendar dates as people type them ("4/17/2009", "4/17/09", "2009-04-17", "April 17th, 2009",
 * "Sept. 30", "17 April 2009", "the 4th of July") with their positions. Every pattern is a fixed
 * sequence of bounded pieces, so matching stays linear in the text length.
 */

export interface DateExpression {
  start: number;
  end: number;
  /** Possible (month, day) readings: "4/5" may be April 5 or 4 May. */
  readings: ReadonlyArray<{ month: number; day: number }>;
  /** Four-digit year, or the two digits of a short one (09); null when the text gives none. */
  year: number | null;
  shortYear: boolean;
}

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const NUMERIC = /(?<!\d|\d[/.-])(\d{1,4})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?!\d|[/.-]\d)/g;
const MONTH_FIRST = new RegExp(`\\b(${MONTHS})\\.?\\s{0,2}(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s{0,2}(\\d{4})\\b)?`, 'gi');
const DAY_FIRST = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s{0,2}(?:of\\s{1,2})?(${MONTHS})\\b\\.?(?:,?\\s{0,2}(\\d{4})\\b)?`, 'gi');

export function findDates(text: string): DateExpression[] {
  const out: DateExpression[] = [];
  for (const m of text.matchAll(NUMERIC)) {
    const [, a, sep, b, y] = m;
    const e = numericDate(a!, sep!, b!, y);
    if (e) out.push({ ...e, start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(MONTH_FIRST)) {
    const e = namedDate(m[1]!, m[2]!, m[3]);
    if (e) out.push({ ...e, start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(DAY_FIRST)) {
    const e = namedDate(m[2]!, m[1]!, m[3]);
    if (e) out.push({ ...e, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

type Parsed = Omit<DateExpression, 'start' | 'end'>;

function numericDate(a: string, sep: string, b: string, y: string | undefined): Parsed | null {
  if (a.length === 4) {
    // ISO-like: 2009-04-17 (needs the third part).
    if (!y || y.length !== 2 || sep === '.') return null;
    return valid([{ month: Number(b), day: Number(y) }], Number(a), false);
  }
  if (a.length === 3) return null;
  // Without a year only "4/17" counts: "3-4 pm", "pages 45-60" and "4.5" are not dates.
  if (!y && sep !== '/') return null;
  const x = Number(a);
  const z = Number(b);
  return valid([{ month: x, day: z }, { month: z, day: x }], y ? Number(y) : null, y?.length === 2);
}

function namedDate(monthWord: string, day: string, year: string | undefined): Parsed | null {
  // "may" the verb: only the capitalised month counts ("you may 2x check" is not a date).
  if (monthWord === 'may') return null;
  const month = MONTH_INDEX[monthWord.slice(0, 3).toLowerCase()];
  if (month === undefined) return null;
  return valid([{ month, day: Number(day) }], year ? Number(year) : null, false);
}

function valid(readings: Array<{ month: number; day: number }>, year: number | null, shortYear: boolean): Parsed | null {
  const ok = readings.filter((r) => r.month >= 1 && r.month <= 12 && r.day >= 1 && r.day <= DAYS[r.month - 1]!);
  return ok.length ? { readings: ok, year, shortYear } : null;
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_INDEX: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
