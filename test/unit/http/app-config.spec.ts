import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from '../../../src/infrastructure/config/app-config';

const STRONG = 'k'.repeat(48);

describe('loadConfig', () => {
  it('has working defaults for development (embedded database, simulator, dev JWT secret flagged)', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      embeddedDataDir: '.data/postgres',
      embeddedPort: 54329,
      eventStore: 'postgres',
      jwt: { secret: DEVELOPMENT_JWT_SECRET, issuer: 'student-texting', audience: 'student-texting-api', development: true },
      sms: { gateway: 'simulator', simulatorInvalidNumbers: [], simulatorDelayMs: 50 },
      defaultDistrictId: 'district-demo',
      bodyLimit: '100kb',
      rateLimit: { ttlMs: 60000, limit: 600 },
      logLevel: 'info',
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(Object.isFrozen(config.jwt)).toBe(true);
  });

  it('reads the environment', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/texting',
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_URL: 'esdb://es:2113?tls=false',
      JWT_SECRET: 'short-is-fine-outside-production',
      SIMULATOR_INVALID_NUMBERS: '+12015550100, +12015550101',
      RATE_LIMIT_PER_MINUTE: '100',
      LOG_LEVEL: 'silent',
    });
    expect(config).toMatchObject({ port: 8080, databaseUrl: 'postgres://u:p@db:5432/texting', eventStore: 'eventstoredb', logLevel: 'silent' });
    expect(config.jwt).toMatchObject({ secret: 'short-is-fine-outside-production', development: false });
    expect(config.sms.simulatorInvalidNumbers).toEqual(['+12015550100', '+12015550101']);
    expect(config.rateLimit.limit).toBe(100);
  });

  it.each([
    [{}, /JWT_SECRET must be set in production/],
    [{ JWT_SECRET: 'too-short' }, /JWT_SECRET is too short for production/],
    [{ JWT_SECRET: DEVELOPMENT_JWT_SECRET }, /built-in development secret/],
  ])('refuses production without a strong JWT_SECRET (%#)', (env, message) => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...env })).toThrow(message);
  });

  it('accepts production with a strong JWT_SECRET', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG }).jwt).toMatchObject({ secret: STRONG, development: false });
  });

  it('names every bad variable in one error, without echoing the database URL', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', EVENT_STORE: 'eventstoredb', SMS_GATEWAY: 'pigeon', SIMULATOR_INVALID_NUMBERS: '555-0100', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://root:hunter2@db' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'EVENTSTORE_URL', 'SMS_GATEWAY', 'SIMULATOR_INVALID_NUMBERS', 'LOG_LEVEL', 'DATABASE_URL']) expect(problems).toContain(name);
    expect(problems).not.toContain('hunter2');
  });
});

describe('loadConfig: Twilio', () => {
  const SID = `AC${'0'.repeat(32)}`;
  const MG = `MG${'f'.repeat(32)}`;
  const twilio = { SMS_GATEWAY: 'twilio', TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'secret-token-value', TWILIO_MESSAGING_SERVICE_SID: MG, PUBLIC_BASE_URL: 'https://texting.school.org/' };
  const problemsOf = (env: Record<string, string>): string => {
    try {
      loadConfig(env);
    } catch (e) {
      return (e as ConfigError).problems.join('\n');
    }
    throw new Error('expected a ConfigError');
  };

  it('keeps the simulator as the default, with one send per second and five retries', () => {
    const config = loadConfig({});
    expect(config.sms).toMatchObject({ gateway: 'simulator', ratePerSecond: 1, maxRetries: 5, retryBaseMs: 5000 });
    expect(config.twilio).toBeUndefined();
  });

  it('reads the Twilio settings (public URL without its trailing slash)', () => {
    const config = loadConfig({ ...twilio, SMS_RATE_PER_SECOND: '225', SMS_MAX_RETRIES: '3', TWILIO_API_BASE_URL: 'http://127.0.0.1:4010' });
    expect(config.sms).toMatchObject({ gateway: 'twilio', ratePerSecond: 225, maxRetries: 3 });
    expect(config.twilio).toEqual({ accountSid: SID, authToken: 'secret-token-value', messagingServiceSid: MG, fromNumber: null, senderPool: [], publicBaseUrl: 'https://texting.school.org', apiBaseUrl: 'http://127.0.0.1:4010' });
    expect(loadConfig({ ...twilio, TWILIO_MESSAGING_SERVICE_SID: '', TWILIO_FROM_NUMBER: '+12015550100' }).twilio).toMatchObject({ messagingServiceSid: null, fromNumber: '+12015550100' });
  });

  it('selects Twilio when its credentials are configured and no gateway is named; an explicit simulator wins', () => {
    const { SMS_GATEWAY: _named, ...credentials } = twilio;
    expect(loadConfig(credentials).sms.gateway).toBe('twilio');
    expect(loadConfig({ ...credentials, SMS_GATEWAY: 'simulator' }).sms.gateway).toBe('simulator');
  });

  it('names every missing or malformed Twilio setting, never echoing the auth token', () => {
    const problems = problemsOf({ SMS_GATEWAY: 'twilio', TWILIO_ACCOUNT_SID: 'SK123', TWILIO_AUTH_TOKEN: 'hunter2-token' });
    for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_MESSAGING_SERVICE_SID', 'PUBLIC_BASE_URL']) expect(problems).toContain(name);
    expect(problems).not.toContain('hunter2');
    expect(problemsOf({ ...twilio, TWILIO_AUTH_TOKEN: '', TWILIO_FROM_NUMBER: '555-0100', TWILIO_API_BASE_URL: 'ftp://x' })).toMatch(/TWILIO_AUTH_TOKEN[\s\S]*TWILIO_FROM_NUMBER[\s\S]*TWILIO_API_BASE_URL/);
    expect(problemsOf({ ...twilio, PUBLIC_BASE_URL: 'https://texting.school.org/?x=1' })).toContain('PUBLIC_BASE_URL');
    expect(problemsOf({ ...twilio, SMS_RATE_PER_SECOND: '0' })).toContain('SMS_RATE_PER_SECOND');
  });

  it('requires an https public URL in production', () => {
    expect(problemsOf({ ...twilio, NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(48), PUBLIC_BASE_URL: 'http://texting.school.org' })).toContain('PUBLIC_BASE_URL must be the https URL');
  });
});
