/**
 * The labelled corpus (test/content-policy/corpus.jsonl): realistic teacher texts, each allowed or
 * blocked with its category. Reports precision and recall per category and fails below 0.95 recall
 * on blocked texts or 0.95 precision overall (a guard that blocks everything would be useless).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONTENT_CATEGORIES,
  type ContentCategory,
  type ContentContext,
  type ContentSubject,
  checkContent,
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
}

/** The district of the corpus, and Mrs. Bell (Amy Bell), the seed's sender, unless a case names another. */
const DISTRICT: ContentContext = { allowedLinkHosts: ['mountainvirtual.org', 'imaginelearning.com'] };
const DEFAULT_SENDER = ['Amy Bell', 'Mrs. Bell'];

const corpus: CorpusCase[] = readFileSync(join(__dirname, '../../content-policy/corpus.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as CorpusCase);

const results = corpus.map((c) => {
  const verdict = checkContent(c.text, c.student, { ...DISTRICT, senderNames: c.senderNames ?? DEFAULT_SENDER }, c.mediaUrls);
  return { c, verdict, found: new Set(verdict.violations.map((v) => v.category)) };
});

const ratio = (n: number, d: number): number => (d === 0 ? 1 : n / d);

describe('content guard on the labelled corpus', () => {
  it('has at least 200 texts, with at least 15 blocked texts in every category', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    for (const cat of CONTENT_CATEGORIES) expect(corpus.filter((c) => c.expect === cat).length).toBeGreaterThanOrEqual(15);
  });

  it('allows every example text from the seeds', () => {
    const seeds = results.filter((r) => r.c.seed);
    expect(seeds.length).toBeGreaterThanOrEqual(7);
    expect(seeds.filter((r) => !r.verdict.allowed).map((r) => r.c.text)).toEqual([]);
  });

  it('reaches 0.95 recall on blocked texts and 0.95 precision overall, and reports per category', () => {
    const blocked = results.filter((r) => r.c.expect !== 'allowed');
    const flagged = results.filter((r) => !r.verdict.allowed);
    const truePositives = flagged.filter((r) => r.c.expect !== 'allowed').length;
    const recall = ratio(truePositives, blocked.length);
    const precision = ratio(truePositives, flagged.length);

    const rows = CONTENT_CATEGORIES.map((cat) => {
      const expected = results.filter((r) => r.c.expect === cat || r.c.also?.includes(cat));
      const predicted = results.filter((r) => r.found.has(cat));
      const right = predicted.filter((r) => r.c.expect === cat || r.c.also?.includes(cat));
      return {
        category: cat,
        expected: expected.length,
        flagged: predicted.length,
        precision: ratio(right.length, predicted.length).toFixed(3),
        recall: ratio(expected.filter((r) => r.found.has(cat)).length, expected.length).toFixed(3),
      };
    });
    rows.push({ category: 'ALL (blocked vs allowed)' as ContentCategory, expected: blocked.length, flagged: flagged.length, precision: precision.toFixed(3), recall: recall.toFixed(3) });
    console.log(`content guard corpus: ${corpus.length} texts\n${table(rows)}`);

    const misses = blocked.filter((r) => r.verdict.allowed).map((r) => `${r.c.expect}: ${r.c.text}`);
    const falseAlarms = flagged.filter((r) => r.c.expect === 'allowed').map((r) => `${[...r.found].join(',')}: ${r.c.text}`);
    if (misses.length || falseAlarms.length) console.log({ misses, falseAlarms });
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });

  it('flags each blocked text with its own category (not just any category)', () => {
    const blocked = results.filter((r) => r.c.expect !== 'allowed');
    const right = blocked.filter((r) => r.found.has(r.c.expect as ContentCategory));
    expect(ratio(right.length, blocked.length)).toBeGreaterThanOrEqual(0.95);
  });
});

function table(rows: Array<Record<string, string | number>>): string {
  const cols = Object.keys(rows[0]!);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]): string => cells.map((s, i) => s.padEnd(width[i]!)).join(' | ');
  return [line(cols), width.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map((r) => line(cols.map((c) => String(r[c]))))].join('\n');
}
