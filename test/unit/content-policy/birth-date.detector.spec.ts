import { found, hits } from './content-policy.fixtures';

describe('birth_date detector', () => {
  it.each([
    'April 17, 2009',
    '4/17/2009',
    '04/17/09',
    '2009-04-17',
    '17 April 2009',
    'Apr. 17th 2009',
    '4-17-2009',
    '17/04/2009',
  ])("flags the student's date of birth written as %p", (date) => {
    expect(hits(`Sarah, your records say ${date}, right?`)).toEqual([['birth_date', date]]);
  });

  it('reports the position of the date', () => {
    expect(found('DOB: 4/17/2009')).toEqual([{ category: 'birth_date', match: '4/17/2009', start: 5, end: 14 }]);
  });

  it('flags the month and day alone when the text talks about a birthday', () => {
    expect(hits('Happy birthday Sarah! April 17 is a great day.')).toEqual([['birth_date', 'April 17']]);
    expect(hits('Sarah, is your b-day 4/17?')).toEqual([['birth_date', '4/17']]);
  });

  it('allows a session date that falls on the birthday, with no birthday wording', () => {
    expect(hits('Sarah, study session on 4/17 at 1:00.')).toEqual([]);
    expect(hits('Sarah, the essay is due April 17.')).toEqual([]);
  });

  it('allows the same day in another year', () => {
    expect(hits('Sarah, the 4/17/2025 session is cancelled.')).toEqual([]);
  });

  it('flags any date next to birth wording, even for someone else', () => {
    expect(hits("Sarah, your brother's birthday is 6/14, right?")).toEqual([['birth_date', '6/14']]);
    expect(hits('Sarah, are you turning 16 on May 2?')).toEqual([['birth_date', 'May 2']]);
  });

  it('allows dates, times and ranges with no birth wording', () => {
    expect(hits('Sarah, the midterm window is 3/4 - 3/8, live review at 6:30 on Jan 9.')).toEqual([]);
    expect(hits('Happy birthday Sarah! Hope you have a great day.')).toEqual([]);
  });
});
