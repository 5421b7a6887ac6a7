import { found, hits } from './content-policy.fixtures';

describe('grade detector', () => {
  it('reports a letter grade with its position', () => {
    expect(found('Sarah, you got a B+ on the essay!')).toEqual([
      { category: 'grade', match: 'B+', start: 17, end: 19 },
    ]);
  });

  it.each([
    ['you have an A in Biology!', 'A'],
    ['your average dropped to a D.', 'D'],
    ['your final grade for World Cultures: B', 'B'],
    ['you earned a C- on the midterm', 'C-'],
    ['your grade in ELA is 72%.', '72%'],
    ["you're at 91% in Art", '91%'],
    ['95% on the cell test!', '95%'],
    ['overall grade is 88 percent', '88 percent'],
    ['you scored 18/25 on the quiz', '18/25'],
    ['you got 7 out of 10 on the lab quiz', '7 out of 10'],
    ['quiz score: 9/10', '9/10'],
    ['grade on the Unit 2 test: 64.', '64'],
    ['you have a 58 in World Cultures', '58'],
    ['you got a 95 on the Chapter 4 test', 'got a 95'],
    ['your GPA is 3.4', 'GPA is 3.4'],
    ["you're failing Algebra", "you're failing"],
    ['you passed the Unit 2 test', 'passed the Unit 2 test'],
    ['you aced the vocab quiz', 'aced the vocab quiz'],
    ['a perfect score on the quiz', 'perfect score'],
    ['you have a B on your quizzes', 'B'],
  ])('flags %p', (text, match) => {
    expect(hits(text, null)).toEqual([['grade', match]]);
  });

  it.each([
    'you finished 3 of 5 assignments this week',
    "you've completed 14/20 lessons",
    "you're 60% of the way through the course",
    'you completed 75% of the course',
    'the quiz opens on 4/17',
    'the Unit 2 test opens on 11/3',
    'Unit 3, Chapter 12, Lesson 4.2',
    'Part B of the project; Option A is a poster',
    'The answer choices should be A through D.',
    'grades for Unit 2 are posted in the ILVP',
    'the final is worth 20% of the course grade',
    "you're failing to log in, call the help desk",
    'Grade 8 science standards',
    'Tutoring is open 24/7',
    'C++ club meets Friday',
    'the grade level meeting is Thursday at 2:00',
  ])('allows %p', (text) => {
    expect(hits(text, null)).toEqual([]);
  });
});
