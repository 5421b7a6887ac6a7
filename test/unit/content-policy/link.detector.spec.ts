import { found, hits } from './content-policy.fixtures';

describe('link detector', () => {
  it('allows the district hosts and their subdomains, any case', () => {
    expect(hits('Book at https://tutoring.school.org/book', null)).toEqual([]);
    expect(hits('See WWW.SCHOOL.ORG/help or school.org.', null)).toEqual([]);
  });

  it('flags other hosts with the position of the whole link', () => {
    expect(found('Try khanacademy.org/math today', null)).toEqual([
      { category: 'link', match: 'khanacademy.org/math', start: 4, end: 24 },
    ]);
    expect(hits('Watch (https://www.youtube.com/watch?v=abc).', null)).toEqual([
      ['link', 'https://www.youtube.com/watch?v=abc'],
    ]);
  });

  it('blocks shorteners unless listed, and explains why', () => {
    const [v] = found('see bit.ly/3xY', null);
    expect(v).toMatchObject({ category: 'link', match: 'bit.ly/3xY' });
    expect(hits('see bit.ly/3xY', null, { allowedLinkHosts: ['school.org', 'bit.ly'] })).toEqual([]);
  });

  it('is not fooled by lookalike hosts or userinfo', () => {
    expect(hits('https://school.org.evil.com/x', null)).toEqual([['link', 'https://school.org.evil.com/x']]);
    expect(hits('https://school.org@evil.com/x', null)).toEqual([['link', 'https://school.org@evil.com/x']]);
    expect(hits('https://notschool.org/x', null)).toEqual([['link', 'https://notschool.org/x']]);
  });

  it('does not treat emails, abbreviations, initials or decimals as links', () => {
    expect(hits('Email abell@gmail.com, e.g. at 3 p.m. - A.Bell, Lesson 4.2, Mrs.Bell', null)).toEqual([]);
  });

  it('blocks every link when the district lists none', () => {
    expect(hits('school.org', null, { allowedLinkHosts: [] })).toEqual([['link', 'school.org']]);
  });
});
