/**
 * Finds calendar dates as people type them ("4/17/2009", "4/17/09", "2009-04-17", "April 17th, 2009",
 * "Sept. 30", "17 April 2009", "the 4th of July") with their positions. Every pattern is a fixed
 * sequence of bounded pieces, so matching stays linear in the text length.
 */
import { findNamedDates } from './date-words.util';
import { type Token, allMatches } from './text-scan.util';

export interface DateExpression {
  start: number;
  end: number;
  /** Possible (month, day) readings: "4/5" may be April 5 or 4 May. */
  readings: ReadonlyArray<{ month: number; day: number }>;
  /** Four-digit year, or the two digits of a short one (09); null when the text gives none. */
  year: number | null;
  shortYear: boolean;
}

const NUMERIC = /(?<!\d|\d[/.-])(\d{1,4})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?!\d|[/.-]\d)/g;
/** Short forms only read next to a birthday word: "4-17", "4.17" (elsewhere they are ranges and decimals). */
const LOOSE = /(?<!\d|\d[/.-])(\d{1,2})[.-](\d{1,2})(?!\d|[/.-]\d)/g;

export function findDates(text: string, tokens: readonly Token[], loose = false): DateExpression[] {
  const out: DateExpression[] = [];
  for (const m of allMatches(NUMERIC, text)) {
    const [, a, sep, b, y] = m;
    const e = numericDate(a!, sep!, b!, y);
    if (e) out.push({ ...e, start: m.index, end: m.index + m[0].length });
  }
  for (const d of findNamedDates(tokens, text)) {
    const e = valid([{ month: d.month, day: d.day }], d.year, false);
    if (e) out.push({ ...e, start: d.start, end: d.end });
  }
  if (loose) {
    for (const m of allMatches(LOOSE, text)) {
      const e = valid(
        [
          { month: Number(m[1]), day: Number(m[2]) },
          { month: Number(m[2]), day: Number(m[1]) },
        ],
        null,
        false,
      );
      if (e) out.push({ ...e, start: m.index, end: m.index + m[0].length });
    }
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
  return valid(
    [
      { month: x, day: z },
      { month: z, day: x },
    ],
    y ? Number(y) : null,
    y?.length === 2,
  );
}

function valid(
  readings: Array<{ month: number; day: number }>,
  year: number | null,
  shortYear: boolean,
): Parsed | null {
  const ok = readings.filter((r) => r.month >= 1 && r.month <= 12 && r.day >= 1 && r.day <= DAYS[r.month - 1]!);
  return ok.length ? { readings: ok, year, shortYear } : null;
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
