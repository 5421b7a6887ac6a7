import { type ContentSubject } from '../../../src/domain/content-policy';
import { found, hits } from './content-policy.fixtures';

describe('address detector', () => {
  it("flags the student's street however it is written", () => {
    expect(found('Sarah, is 123 maple ave still right?')).toEqual([
      { category: 'address', match: '123 maple ave', start: 10, end: 23 },
    ]);
    expect(hits('Sarah, mailing it to 123 Maple Avenue.')).toEqual([['address', '123 Maple Avenue']]);
    expect(hits('Sarah, the kit came back from Maple Ave.')).toEqual([['address', 'Maple Ave']]);
    expect(hits('Sarah, the kit is at 123 Maple.')).toEqual([['address', '123 Maple']]);
  });

  it('matches directions and suffixes in either form', () => {
    const tim: ContentSubject = {
      firstName: 'Tim',
      lastName: 'Parker',
      address: '4581 N. Oak Street Apt 2B, Riverside, CA 92501',
    };
    expect(hits('Tim, shipping to 4581 North Oak St.', tim)).toEqual([['address', '4581 North Oak St']]);
    expect(hits('Tim, shipping to 4581 oak street', tim)).toEqual([['address', '4581 oak street']]);
  });

  it('flags any street address, P.O. box and state + ZIP', () => {
    expect(hits('Testing is at 450 Center Street, Room 12.', null)).toEqual([['address', '450 Center Street']]);
    expect(hits('Meet at 700 E. Broad St.', null)).toEqual([['address', '700 E. Broad St']]);
    expect(hits('Send it to PO Box 1127, Tucson AZ 85702.', null)).toEqual([
      ['address', 'PO Box 1127'],
      ['address', 'AZ 85702'],
    ]);
  });

  it('allows course positions, counts, times and rooms', () => {
    expect(hits('Sarah, Unit 3 Lesson 2 is open. Room 204 at 1:00. Finish 3 Practice Problems.')).toEqual([]);
    expect(hits('Sarah, Lesson 4 Place Value and Chapter 2 Unit Circle are next.')).toEqual([]);
    expect(hits('Sarah, you have 5 days left.')).toEqual([]);
  });
});
