/**
 * Benchmark of the content guard: the worst time found over adversarial 10,000-character texts
 * (long runs and mixes of the fragments each detector reacts to: digits, slashes, dots, "http", "@",
 * names, keywords) and throughput over the labelled corpus. Run standalone:
 *   npx ts-node --transpile-only bench/content-guard.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type ContentContext, type ContentSubject, checkContent } from '../src/domain/content-policy';
import { projectRoot } from './support/process';
import { random } from './support/stats';

export interface ContentGuardBench {
  worstCaseMs: number;
  /** What the slowest input was made of (truncated description, not the text itself). */
  worstCaseInput: string;
  textsPerSecond: number;
}

const SUBJECT: ContentSubject = {
  firstName: 'Sarah',
  lastName: 'Jones',
  preferredName: 'Sadie',
  dateOfBirth: '2009-04-17',
  address: '123 Maple Avenue, Springfield, IL 62704',
  username: 'sjones09',
};
const CONTEXT: ContentContext = { allowedLinkHosts: ['school.org'], senderNames: ['Amy Bell'] };
const LENGTH = 10_000;

const FRAGMENTS = [
  '1',
  '9',
  '12',
  '/',
  '4/',
  '4/17/',
  '-',
  '.',
  'a.',
  '1.',
  ':',
  '@',
  'a@',
  'http',
  'http://',
  'https://a.',
  'www.',
  'a.com/',
  'bit.ly/',
  ' ',
  '\t',
  '\n',
  'a',
  'A',
  'Aa ',
  'B+',
  'C- ',
  '%',
  '1%',
  '1 out of ',
  '1/1 ',
  'GPA ',
  'pw ',
  'pw: ',
  'password is ',
  'is ',
  'Sarah ',
  'Jones ',
  'Sarah.',
  'Jones, ',
  '123 ',
  'Maple ',
  '1 Maple ',
  'Ave ',
  '1 A ',
  'PO Box ',
  'April ',
  '17 ',
  'April 17 ',
  'birthday ',
  'data:image/',
  '.jpg',
  'sjones09 ',
  'Mrs. ',
  '\u200B',
  'é',
  '😀',
  "'",
  '?',
  '!',
  '#',
  '=',
  'Tyler ',
  'Brooks ',
  'got a ',
  'A on the quiz ',
  ', ',
  // Spanish and the second round's patterns: names spaced out or glued, word dates, casual grades.
  'contraseña: ',
  'usuario ',
  'de ',
  'la ',
  'abril ',
  'cumpleaños ',
  'Calle ',
  'Av. ',
  'García ',
  'López ',
  'de la Cruz ',
  'reprobando ',
  'promedio es ',
  'S a r a h ',
  'SarahJones',
  'twenty ',
  'first ',
  'of ',
  'treinta y ',
  'HBD ',
  '18/20 on the quiz ',
];

function* adversarialInputs(): Generator<{ text: string; description: string }> {
  const fill = (unit: string): string => unit.repeat(Math.ceil(LENGTH / unit.length)).slice(0, LENGTH);
  for (const f of FRAGMENTS) yield { text: fill(f), description: `${JSON.stringify(f)} repeated to ${LENGTH} chars` };
  // Pairs of the fragments that open a pattern with the ones that continue or break it.
  const openers = FRAGMENTS.filter((_, i) => i % 2 === 0);
  const closers = FRAGMENTS.filter((_, i) => i % 3 === 0);
  for (const a of openers) {
    for (const b of closers)
      yield { text: fill(a + b), description: `${JSON.stringify(a + b)} repeated to ${LENGTH} chars` };
  }
  const next = random(42);
  for (let i = 0; i < 200; i++) {
    const parts: string[] = [];
    let length = 0;
    while (length < LENGTH) {
      const f = FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]!;
      parts.push(f);
      length += f.length;
    }
    yield { text: parts.join('').slice(0, LENGTH), description: `random mix #${i} of ${parts.length} fragments` };
  }
  // A single 10,000-character "word" and one huge URL: the longest chunks the scanners can meet.
  yield { text: `https://a.com/${'a'.repeat(LENGTH - 14)}`, description: 'one 10,000-char URL' };
  yield { text: 'a.'.repeat(LENGTH / 2), description: '"a." x 5,000 (dotted host-like run)' };
}

function timeOne(text: string, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    checkContent(text, SUBJECT, CONTEXT);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function corpusThroughput(): number {
  const file = join(projectRoot(), 'test/content-policy/corpus.jsonl');
  const cases = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { text: string; student: ContentSubject; mediaUrls?: string[] });
  let checked = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 1000) {
    for (const c of cases) checkContent(c.text, c.student, CONTEXT, c.mediaUrls);
    checked += cases.length;
  }
  return Math.round(checked / ((performance.now() - t0) / 1000));
}

export async function benchContentGuard(): Promise<ContentGuardBench> {
  // Screen every input once, then re-time the slowest few (best of 5) so a GC pause isn't reported as the worst case.
  const screened: Array<{ text: string; description: string; ms: number }> = [];
  for (const input of adversarialInputs()) {
    screened.push({ ...input, ms: timeOne(input.text, 1) });
    // Let other work on the event loop breathe between heavy inputs.
    if (screened.length % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  let worst = { ms: 0, description: '' };
  for (const s of screened.sort((a, b) => b.ms - a.ms).slice(0, 10)) {
    const ms = timeOne(s.text, 5);
    if (ms > worst.ms) worst = { ms, description: s.description };
  }
  const worstCaseInput = worst.description.length > 120 ? `${worst.description.slice(0, 119)}…` : worst.description;
  return { worstCaseMs: Math.round(worst.ms * 100) / 100, worstCaseInput, textsPerSecond: corpusThroughput() };
}

if (require.main === module) {
  benchContentGuard()
    .then((result) => console.log(JSON.stringify(result)))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
