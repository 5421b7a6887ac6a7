import { checkContent } from '../../../src/domain/content-policy';
import { found, hits } from './content-policy.fixtures';

describe('credentials detector', () => {
  it("flags the student's username anywhere, including in an email", () => {
    expect(found('Log in as sjones09 today')).toEqual([
      { category: 'credentials', match: 'sjones09', start: 10, end: 18 },
    ]);
    expect(hits('Your email is SJONES09@students.school.org')).toEqual([['credentials', 'SJONES09']]);
  });

  it.each([
    ['pw: Tiger22', 'pw: Tiger22'],
    ['your password is Spring2024!', 'password is Spring2024'],
    ['use passcode 7731 to join', 'passcode 7731'],
    ['the login code for the quiz is 482913.', 'login code for the quiz is 482913'],
    ['PIN for the testing portal: 5521', 'PIN for the testing portal: 5521'],
    ['your password was reset to Welcome123', 'password was reset to Welcome123'],
    ['Password: tiger', 'Password: tiger'],
    ['temp password = Geo!metry9', 'temp password = Geo!metry9'],
    ['username: jdoe7', 'username: jdoe7'],
  ])('flags %p', (text, match) => {
    expect(hits(text, null)).toEqual([['credentials', match]]);
  });

  it('masks the secret in the message', () => {
    const [v] = checkContent('pw: Tiger22', null, { allowedLinkHosts: [] }).violations;
    expect(v?.message).toContain('"pw: Ti*****"');
    expect(v?.message).not.toContain('Tiger22');
  });

  it('allows talk about passwords without a value', () => {
    expect(hits('If you forgot your password, click Forgot Password on the login page.', null)).toEqual([]);
    expect(hits('Your password is the same one you use for the ILVP.', null)).toEqual([]);
    expect(hits('Your password must have 8 characters.', null)).toEqual([]);
    expect(hits('Use your school username and password to log in.', null)).toEqual([]);
  });

  it('flags a user name and password inside a link', () => {
    expect(hits('https://sam:Secret1@school.org/x', null)).toContainEqual(['credentials', 'https://sam:Secret1@']);
  });
});
