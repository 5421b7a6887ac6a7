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
