import { ConfigError, DEFAULT_SIMULATOR_SENDER_POOL, loadConfig } from '../../../src/infrastructure/config/app-config';

const TWILIO = {
  SMS_GATEWAY: 'twilio',
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'secret-token-value',
  PUBLIC_BASE_URL: 'https://texting.school.org',
};
const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.join('\n');
    throw e;
  }
  return '';
};

describe('sender pool configuration', () => {
  it('gives the simulator three numbers by default, or the ones configured, in order', () => {
    expect(loadConfig({}).sms.senderPool).toEqual(DEFAULT_SIMULATOR_SENDER_POOL);
    expect(DEFAULT_SIMULATOR_SENDER_POOL).toHaveLength(3);
    expect(loadConfig({ SIMULATOR_SENDER_POOL: ' +12015550181 , +12015550180' }).sms.senderPool).toEqual([
      '+12015550181',
      '+12015550180',
    ]);
  });

  it("takes Twilio's pool from TWILIO_FROM_NUMBERS (alone, or beside a Messaging Service), else TWILIO_FROM_NUMBER as a pool of one", () => {
    expect(loadConfig({ ...TWILIO, TWILIO_FROM_NUMBERS: '+12015550180,+12015550181' }).sms.senderPool).toEqual([
      '+12015550180',
      '+12015550181',
    ]);
    expect(
      loadConfig({
        ...TWILIO,
        TWILIO_MESSAGING_SERVICE_SID: `MG${'1'.repeat(32)}`,
        TWILIO_FROM_NUMBERS: '+12015550180',
      }).twilio,
    ).toMatchObject({ senderPool: ['+12015550180'] });
    expect(loadConfig({ ...TWILIO, TWILIO_FROM_NUMBER: '+12015550100' }).sms.senderPool).toEqual(['+12015550100']);
    expect(loadConfig({ ...TWILIO, TWILIO_FROM_NUMBER: '12345' }).sms.senderPool).toEqual([]);
    expect(loadConfig({ ...TWILIO, TWILIO_MESSAGING_SERVICE_SID: `MG${'1'.repeat(32)}` }).sms.senderPool).toEqual([]);
  });

  it('refuses a malformed or repeated number, naming the variable, and a Twilio setup with no sender at all', () => {
    expect(problemsOf({ SIMULATOR_SENDER_POOL: '+12015550180,555-0181' })).toMatch(
      /^SIMULATOR_SENDER_POOL must be a comma-separated list of E\.164 numbers/,
    );
    expect(problemsOf({ SIMULATOR_SENDER_POOL: ',' })).toContain('SIMULATOR_SENDER_POOL');
    expect(problemsOf({ ...TWILIO, TWILIO_FROM_NUMBERS: '+12015550180,+12015550180' })).toBe(
      'TWILIO_FROM_NUMBERS lists a number twice.',
    );
    expect(problemsOf({ ...TWILIO, TWILIO_FROM_NUMBERS: 'not-a-number' })).toContain('TWILIO_FROM_NUMBERS');
    expect(problemsOf(TWILIO)).toContain(
      'Set TWILIO_MESSAGING_SERVICE_SID (MG...), TWILIO_FROM_NUMBERS or TWILIO_FROM_NUMBER',
    );
  });
});
