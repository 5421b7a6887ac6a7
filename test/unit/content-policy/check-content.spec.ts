import { checkContent } from '../../../src/domain/content-policy';
import { CONTEXT, SARAH } from './content-policy.fixtures';

describe('checkContent', () => {
  it('allows an empty text and a plain one', () => {
    expect(checkContent('', SARAH, CONTEXT)).toEqual({ allowed: true, violations: [] });
    expect(checkContent('Hi Sarah, see you at 1:00!', SARAH, CONTEXT)).toEqual({ allowed: true, violations: [] });
  });

  it('returns every violation, sorted by start, each with a human sentence', () => {
    const text = 'pw: Tiger22. Sarah Jones got a B+ on 4/17/2009, see bit.ly/x';
    const { allowed, violations } = checkContent(text, SARAH, CONTEXT);
    expect(allowed).toBe(false);
    expect(violations.map((v) => [v.category, text.slice(v.start, v.end)])).toEqual([
      ['credentials', 'pw: Tiger22'],
      ['full_name', 'Sarah Jones'],
      ['grade', 'B+'],
      ['birth_date', '4/17/2009'],
      ['link', 'bit.ly/x'],
    ]);
    for (const v of violations) expect(v.message).toMatch(/^[A-Z][a-z]+( [a-z]+)?: ".+" .+\.$/);
  });

  it('reports one span for a match found by several patterns', () => {
    const { violations } = checkContent('Sarah, mail it to 123 Maple Ave.', SARAH, CONTEXT);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ category: 'address', start: 18, end: 31 });
  });

  it('puts attachments first as zero-width media violations', () => {
    const { violations } = checkContent('Great job, Sarah Jones', SARAH, CONTEXT, ['https://x/y.png']);
    expect(violations.map((v) => [v.category, v.start, v.end])).toEqual([
      ['media', 0, 0],
      ['full_name', 11, 22],
    ]);
  });

  it('works without a subject (general patterns only) and without sender names', () => {
    expect(
      checkContent('Your password is Tiger22', null, { allowedLinkHosts: [] }).violations.map((v) => v.category),
    ).toEqual(['credentials']);
  });

  it('gives the message format the API shows to staff', () => {
    const [v] = checkContent('Sarah, DOB 4/17/2009', SARAH, CONTEXT).violations;
    expect(v?.message).toBe('Birth date: "4/17/2009" looks like a date of birth. Don\'t text birth dates.');
  });
});
