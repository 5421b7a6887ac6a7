/**
 * Property tests: any string gets a verdict without throwing, with well-formed, sorted positions.
 * No timing assertions here (the benchmark in bench/content-guard.ts measures the worst case).
 */
import fc from 'fast-check';
import { CONTENT_CATEGORIES, type ContentSubject, checkContent } from '../../../src/domain/content-policy';
import { CONTEXT, SARAH } from './content-policy.fixtures';

/** Pieces that exercise every detector's patterns when repeated or mixed. */
const FRAGMENTS = [
  '1',
  '12',
  '4/17',
  '/',
  '//',
  ' ',
  '  ',
  '\n',
  '.',
  '..',
  '-',
  ':',
  '@',
  'http',
  'https://',
  'www.',
  '.com',
  '.org',
  'bit.ly/',
  'a',
  'A',
  'B+',
  'C-',
  '%',
  ' out of ',
  'GPA',
  'pw',
  'password: ',
  'is ',
  'Sarah',
  'Jones',
  ', ',
  'Maple',
  ' Ave',
  ' St',
  ' Street',
  'PO Box ',
  'April',
  ' 17',
  ', 2009',
  'birthday',
  'data:image/png',
  '.jpg',
  'sjones09',
  'Mrs.',
  '\u200B',
  'é',
  '😀',
  "'",
  '’',
  '?',
  '!',
  '#',
  '=',
  'Tyler',
  ' Brooks',
  'contraseña: ',
  'usuario ',
  ' de ',
  'la ',
  'abril',
  'cumpleaños',
  'Calle ',
  'Av. ',
  'García',
  ' López',
  'de la Cruz',
  'reprobando',
  'promedio es ',
  'S a r a h ',
  'SarahJones',
  'twenty',
  '-first',
  ' of ',
  'treinta y ',
  'HBD',
  '18/20 on the quiz',
];

const subjects = fc.option(
  fc.record<ContentSubject>({
    firstName: fc.string({ maxLength: 20 }),
    lastName: fc.string({ maxLength: 20 }),
    preferredName: fc.option(fc.string({ maxLength: 20 })),
    dateOfBirth: fc.option(fc.string({ maxLength: 12 })),
    address: fc.option(fc.string({ maxLength: 60 })),
    username: fc.option(fc.string({ maxLength: 20 })),
  }),
);

function assertWellFormed(text: string, subject: ContentSubject | null): void {
  const verdict = checkContent(text, subject, CONTEXT);
  expect(verdict.allowed).toBe(verdict.violations.length === 0);
  let previous = 0;
  for (const v of verdict.violations) {
    expect(CONTENT_CATEGORIES).toContain(v.category);
    expect(0 <= v.start && v.start <= v.end && v.end <= text.length).toBe(true);
    expect(v.start).toBeGreaterThanOrEqual(previous);
    expect(v.message.length).toBeGreaterThan(0);
    previous = v.start;
  }
}

describe('content guard properties', () => {
  it('gives any string up to 10,000 characters a verdict without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10_000, unit: 'binary' }), subjects, (text, subject) =>
        assertWellFormed(text, subject),
      ),
      { numRuns: 150 },
    );
  });

  it('handles adversarial texts built from repeated fragments', () => {
    const adversarial = fc
      .array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 2_500 })
      .map((parts) => parts.join('').slice(0, 10_000));
    fc.assert(
      fc.property(adversarial, (text) => assertWellFormed(text, SARAH)),
      { numRuns: 150 },
    );
  });

  it('handles long runs of a single fragment', () => {
    const runs = fc
      .tuple(fc.constantFrom(...FRAGMENTS), fc.integer({ min: 1, max: 10_000 }))
      .map(([f, n]) => f.repeat(Math.ceil(n / f.length)).slice(0, n));
    fc.assert(
      fc.property(runs, (text) => assertWellFormed(text, SARAH)),
      { numRuns: 100 },
    );
  });

  it('is deterministic: the same input gives the same verdict', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (text) => {
        expect(checkContent(text, SARAH, CONTEXT)).toEqual(checkContent(text, SARAH, CONTEXT));
      }),
      { numRuns: 100 },
    );
  });
});
