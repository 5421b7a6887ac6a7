import { type ContentSubject } from '../../../src/domain/content-policy';
import { found, hits, SARAH } from './content-policy.fixtures';

const TIM: ContentSubject = { firstName: 'Timothy', lastName: 'Parker', preferredName: 'Tim' };
const MADDIE: ContentSubject = { firstName: 'Madeline', lastName: "O'Brien", preferredName: 'Maddie' };

describe('full_name detector', () => {
  it('allows the first name alone (what the guidance recommends)', () => {
    expect(hits('Hi Sarah, this is Mrs. Bell, your ELA teacher. Are you able to get started in class?')).toEqual([]);
  });

  it('flags first + last name with its exact position', () => {
    expect(found('Hi Sarah Jones, welcome!')).toEqual([
      { category: 'full_name', match: 'Sarah Jones', start: 3, end: 14 },
    ]);
  });

  it.each([
    ['SARAH JONES - please log in', 'SARAH JONES'],
    ['Jones, Sarah: 2 missing assignments', 'Jones, Sarah'],
    ['message for sarah.jones', 'sarah.jones'],
    ['Sarah_Jones please reply', 'Sarah_Jones'],
    ['Hi Sarah M. Jones', 'Sarah M. Jones'],
    ['Message for S. Jones', 'S. Jones'],
    ['handle: sarahjones', 'sarahjones'],
  ])('flags %p', (text, match) => {
    expect(hits(text)).toEqual([['full_name', match]]);
  });

  it('uses the preferred name too, and names with apostrophes or without them', () => {
    expect(hits('Tim Parker, please log in', TIM)).toEqual([['full_name', 'Tim Parker']]);
    expect(hits('Hi Madeline O’Brien!', MADDIE)).toEqual([['full_name', 'Madeline O’Brien']]);
    expect(hits('hey maddie obrien', MADDIE)).toEqual([['full_name', 'maddie obrien']]);
  });

  it('ignores accents when comparing', () => {
    const rob: ContentSubject = { firstName: 'Roberto', lastName: 'García-Lopez', preferredName: 'Rob' };
    expect(hits('Hi Rob Garcia-Lopez!', rob)).toEqual([['full_name', 'Rob Garcia-Lopez']]);
  });

  it('flags the last name elsewhere in a text that uses the first name, but not inside other proper names', () => {
    const aaliyah: ContentSubject = { firstName: 'Aaliyah', lastName: 'Washington' };
    expect(hits('Hi Aaliyah! Is this the Washington family?', aaliyah)).toEqual([['full_name', 'Washington']]);
    expect(hits('Aaliyah, I spoke with Mrs. Washington today.', aaliyah)).toEqual([['full_name', 'Washington']]);
    expect(hits("Aaliyah, we're covering George Washington's presidency.", aaliyah)).toEqual([]);
    expect(hits('Aaliyah, the Washington Monument tour is optional.', aaliyah)).toEqual([]);
  });

  it('allows the last name alone when the first name is absent, and lowercase common words', () => {
    const mateo: ContentSubject = { firstName: 'Mateo', lastName: 'Hill' };
    expect(hits('Message for the Hill family about summer school.', mateo)).toEqual([]);
    expect(hits('Mateo, we will study how a hill forms.', mateo)).toEqual([]);
  });

  it("allows the sender's own full name", () => {
    expect(hits('Hi Sarah, this is Amy Bell from the ELA department.')).toEqual([]);
    expect(hits('Thanks Sarah! - Amy Bell')).toEqual([]);
    const sameName: ContentSubject = { firstName: 'Amy', lastName: 'Bell' };
    expect(hits('Hi Amy, this is Amy Bell, your teacher.', sameName)).toEqual([]);
  });

  it("flags another person's first and last name, not curriculum names or ordinary capitalised words", () => {
    expect(hits('Sarah, your partner is Tyler Brooks.')).toEqual([['full_name', 'Tyler Brooks']]);
    expect(hits('Sarah, we are reading To Kill a Mockingbird by Harper Lee.')).toEqual([]);
    expect(hits('Sarah, compare George Washington and Abraham Lincoln.')).toEqual([]);
    expect(hits('Hi Sarah Welcome to World Cultures class!')).toEqual([]);
    expect(
      hits('Sarah, Mrs. Amy Bell and Mr. Daniel Ortiz will host the review.', SARAH, { allowedLinkHosts: [] }),
    ).toEqual([]);
  });

  it('needs a subject only for the student-specific checks', () => {
    expect(hits('Hi Sarah Jones', null)).toEqual([['full_name', 'Sarah Jones']]); // generic pattern still applies
    expect(hits('Hi Sarah, welcome', null)).toEqual([]);
  });
});
