/**
 * The labelled corpus (test/content-policy/corpus.jsonl): realistic teacher texts in English and
 * Spanish, each allowed or blocked with its category (and `also` for a second one) and its language.
 * Prints one precision/recall table per language and fails below 0.97 precision or recall in any
 * category of either language (a guard that blocks everything would be useless, and so would one
 * that reads only English).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONTENT_CATEGORIES,
  type ContentCategory,
  type ContentContext,
  type ContentSubject,
  checkContent,
  detectLanguage,
} from '../../../src/domain/content-policy';

interface CorpusCase {
  text: string;
  student: ContentSubject;
  expect: 'allowed' | ContentCategory;
  also?: ContentCategory[];
  mediaUrls?: string[];
  senderNames?: string[];
  seed?: boolean;
  note?: string;
  lang: 'en' | 'es';
}

/** The district of the corpus, and Mrs. Bell (Amy Bell), the seed's sender, unless a case names another. */
const DISTRICT: ContentContext = { allowedLinkHosts: ['mountainvirtual.org', 'imaginelearning.com'] };
const DEFAULT_SENDER = ['Amy Bell', 'Mrs. Bell'];

const corpus: CorpusCase[] = readFileSync(join(__dirname, '../../content-policy/corpus.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as CorpusCase);

const results = corpus.map((c) => {
  const context = { ...DISTRICT, senderNames: c.senderNames ?? DEFAULT_SENDER };
  const verdict = checkContent(c.text, c.student, context, c.mediaUrls);
  const language = detectLanguage(c.text);
  return { c, verdict, language, found: new Set(verdict.violations.map((v) => v.category)) };
});

const ratio = (n: number, d: number): number => (d === 0 ? 1 : n / d);

type Result = (typeof results)[number];
const LANGS = ['en', 'es'] as const;
const MIN = 0.97;
const has = (r: Result, cat: ContentCategory): boolean => r.c.expect === cat || (r.c.also ?? []).includes(cat);

/** Precision and recall of every category (and blocked vs allowed) over one language's texts. */
function scores(
  rows: readonly Result[],
): Array<{ category: string; expected: number; flagged: number; precision: number; recall: number }> {
  const perCategory = CONTENT_CATEGORIES.map((cat) => {
    const expected = rows.filter((r) => has(r, cat));
    const predicted = rows.filter((r) => r.found.has(cat));
    return {
      category: cat as string,
      expected: expected.length,
      flagged: predicted.length,
      precision: ratio(predicted.filter((r) => has(r, cat)).length, predicted.length),
      recall: ratio(expected.filter((r) => r.found.has(cat)).length, expected.length),
    };
  });
  const blocked = rows.filter((r) => r.c.expect !== 'allowed');
  const flagged = rows.filter((r) => !r.verdict.allowed);
  const all = {
    category: 'ALL (blocked vs allowed)',
    expected: blocked.length,
    flagged: flagged.length,
    precision: ratio(flagged.filter((r) => r.c.expect !== 'allowed').length, flagged.length),
    recall: ratio(blocked.filter((r) => !r.verdict.allowed).length, blocked.length),
  };
  return [...perCategory, all];
}

describe('content guard on the labelled corpus', () => {
  it('has at least 1,000 texts, 250 of them Spanish, every one labelled with its language, and 60 blocked texts in every category', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(1000);
    expect(corpus.filter((c) => c.lang === 'es').length).toBeGreaterThanOrEqual(250);
    expect(corpus.filter((c) => c.lang !== 'en' && c.lang !== 'es')).toEqual([]);
    for (const cat of CONTENT_CATEGORIES) expect(results.filter((r) => has(r, cat)).length).toBeGreaterThanOrEqual(60);
    for (const lang of LANGS) {
      for (const cat of CONTENT_CATEGORIES)
        expect(results.filter((r) => r.c.lang === lang && has(r, cat)).length).toBeGreaterThanOrEqual(15);
    }
  });

  it('allows every example text from the seeds', () => {
    const seeds = results.filter((r) => r.c.seed);
    expect(seeds.length).toBeGreaterThanOrEqual(7);
    expect(seeds.filter((r) => !r.verdict.allowed).map((r) => r.c.text)).toEqual([]);
  });

  it.each(LANGS)(
    'reaches 0.97 precision and recall in every category on the %s texts, and prints the table',
    (lang) => {
      const rows = results.filter((r) => r.c.lang === lang);
      const table_ = scores(rows);
      console.log(
        `content guard corpus (${lang}): ${rows.length} texts\n${table(table_.map((t) => ({ ...t, precision: t.precision.toFixed(3), recall: t.recall.toFixed(3) })))}`,
      );
      const misses = rows.flatMap((r) =>
        CONTENT_CATEGORIES.filter((cat) => has(r, cat) && !r.found.has(cat)).map((cat) => `${cat}: ${r.c.text}`),
      );
      const falseAlarms = rows.flatMap((r) =>
        [...r.found].filter((cat) => !has(r, cat)).map((cat) => `${cat}: ${r.c.text}`),
      );
      if (misses.length || falseAlarms.length) console.log({ lang, misses, falseAlarms });
      const below = table_.filter((t) => t.precision < MIN || t.recall < MIN).map((t) => t.category);
      expect(below).toEqual([]);
    },
  );

  it('reads each Spanish text as Spanish and each English text as English (or mixed where both appear)', () => {
    const wrong = results.filter((r) => (r.c.lang === 'es' ? r.language === 'en' : r.language === 'es'));
    expect(wrong.map((r) => `${r.c.lang} read as ${r.language}: ${r.c.text}`)).toEqual([]);
  });
});

function table(rows: Array<Record<string, string | number>>): string {
  const cols = Object.keys(rows[0]!);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]): string => cells.map((s, i) => s.padEnd(width[i]!)).join(' | ');
  return [
    line(cols),
    width.map((w) => '-'.repeat(w)).join('-|-'),
    ...rows.map((r) => line(cols.map((c) => String(r[c])))),
  ].join('\n');
}
