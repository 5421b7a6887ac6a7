/**
 * Safe rewrites: each violation gets a suggestion in the sentence's language, and the rewritten text
 * passes the guard (example-based here, property-based over corpus fragments below).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { type ContentSubject, checkContent, previewContent, suggestRewrite } from '../../../src/domain/content-policy';
import { CONTEXT, SARAH } from './content-policy.fixtures';

function rewrite(text: string, subject: ContentSubject | null = SARAH): string {
  return suggestRewrite(text, checkContent(text, subject, CONTEXT), subject, CONTEXT).text;
}

describe('suggestRewrite', () => {
  it.each([
    ['Sarah Jones, please log in today.', 'Sarah, please log in today.'],
    ['Tell Tyler Brooks the lab is due Friday.', 'Tell Tyler the lab is due Friday.'],
    [
      'Ximena García López, you got 18/20 on the vocab quiz!',
      'Ximena, you got check your grade in the portal on the vocab quiz!',
    ],
    ['Happy birthday, April 17th! Enjoy it.', 'Happy birthday,! Enjoy it.'],
    ['Your password: Tiger22', 'Your login info (see the portal)'],
    ['The form is at https://forms.example.com/sj', 'The form is at see the portal'],
    [
      'Hola Sarah, sacaste un 7 en el examen de historia.',
      'Hola Sarah, revisa tu calificación en el portal en el examen de historia.',
    ],
    ['Tu contraseña es Tigre2024. Saludos, Sra. Bell', 'Tu datos de acceso (ver el portal). Saludos, Sra. Bell'],
    ['Hola Sarah, el enlace es https://otro.example.com/x', 'Hola Sarah, el enlace es ver el portal'],
  ])('rewrites %p as %p, which passes', (text, expected) => {
    expect(checkContent(text, SARAH, CONTEXT).allowed).toBe(false);
    expect(rewrite(text)).toBe(expected);
    expect(checkContent(expected, SARAH, CONTEXT).allowed).toBe(true);
  });

  it('suggests per violation, in the language of the sentence the violation is in (mixed texts too)', () => {
    const preview = previewContent('Hi Sarah, you are failing Algebra. Tu promedio es 58.', SARAH, CONTEXT);
    expect(preview.language).toBe('mixed');
    expect(preview.violations.map((v) => v.suggestion)).toEqual([
      'Replace the grade with "check your grade in the portal".',
      'Replace the grade with "revisa tu calificación en el portal".',
    ]);
  });

  it('leaves an allowed text alone and asks to drop attachments', () => {
    expect(previewContent('Hi Sarah, see you at 1:00!', SARAH, CONTEXT)).toEqual({ allowed: true, violations: [] });
    const withPicture = previewContent('Look at this', SARAH, CONTEXT, ['https://cdn.example.com/a.png']);
    expect(withPicture.violations[0]!.suggestion).toMatch(/Remove the attachment/);
    expect(withPicture.suggestedRewrite).toBe('Look at this');
  });
});

/** Sentences and pieces of the labelled corpus, to build random drafts from. */
const corpusCases = readFileSync(join(__dirname, '../../content-policy/corpus.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { text: string; student: ContentSubject });
const corpusTexts = corpusCases.map((c) => c.text);
/** Every distinct student of the corpus (English and Spanish names, compound surnames), and no student at all. */
const students = [...new Map(corpusCases.map((c) => [JSON.stringify(c.student), c.student])).values(), null];
const fragments = [...new Set(corpusTexts.flatMap((t) => t.split(/(?<=[.!?,])\s+/)))];

describe('suggestRewrite properties', () => {
  it('the rewrite of any draft built from corpus fragments passes the guard', () => {
    const drafts = fc
      .array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 6 })
      .map((parts) => parts.join(' '));
    fc.assert(
      fc.property(drafts, fc.constantFrom<ContentSubject | null>(...students), (text, subject) => {
        expect(checkContent(rewrite(text, subject), subject, CONTEXT).allowed).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('rewrites most blocked corpus texts without falling back to the stock sentence', () => {
    const blocked = corpusTexts.filter((t) => !checkContent(t, SARAH, CONTEXT).allowed);
    const fallbacks = blocked.filter(
      (t) =>
        rewrite(t).startsWith('Please check the portal for an update') ||
        rewrite(t).startsWith('Por favor revisa el portal'),
    );
    expect(blocked.length).toBeGreaterThan(100);
    expect(fallbacks.length / blocked.length).toBeLessThan(0.02);
  });
});
