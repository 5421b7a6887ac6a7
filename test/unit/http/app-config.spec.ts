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
      jwt: {
        secret: DEVELOPMENT_JWT_SECRET,
        issuer: 'student-texting',
        audience: 'student-texting-api',
        development: true,
        maxLifetimeSeconds: 43_200,
      },
      sms: { gateway: 'simulator', simulatorInvalidNumbers: [], simulatorDelayMs: 50 },
      defaultDistrictId: 'district-demo',
      bodyLimit: '100kb',
      rateLimit: { windowMs: 60000, perClient: 600, perIp: 6000, perSyncClient: 6000 },
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
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u:p@db:5432/texting',
      eventStore: 'eventstoredb',
      logLevel: 'silent',
    });
    expect(config.jwt).toMatchObject({ secret: 'short-is-fine-outside-production', development: false });
    expect(config.sms.simulatorInvalidNumbers).toEqual(['+12015550100', '+12015550101']);
    expect(config.rateLimit).toEqual({ windowMs: 60000, perClient: 100, perIp: 1000, perSyncClient: 1000 });
  });

  it.each([
    [{}, /JWT_SECRET must be set in production/],
    [{ JWT_SECRET: 'too-short' }, /JWT_SECRET is too short for production/],
    [{ JWT_SECRET: DEVELOPMENT_JWT_SECRET }, /built-in development secret/],
  ])('refuses production without a strong JWT_SECRET (%#)', (env, message) => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...env })).toThrow(message);
  });

  it('accepts production with a strong JWT_SECRET', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG }).jwt).toMatchObject({
      secret: STRONG,
      development: false,
    });
  });

  it('reads the EventStoreDB operation budget (default 10 s) and refuses one outside 100 ms..120 s', () => {
    expect(loadConfig({}).eventStoreTimeoutMs).toBe(10_000);
    expect(loadConfig({ EVENTSTORE_OPERATION_TIMEOUT_MS: '2500' }).eventStoreTimeoutMs).toBe(2_500);
    expect(() => loadConfig({ EVENTSTORE_OPERATION_TIMEOUT_MS: '5' })).toThrow(/EVENTSTORE_OPERATION_TIMEOUT_MS/);
  });

  it('reads how long the live projections gather a batch (default 5 ms) and refuses more than 10 ms', () => {
    expect(loadConfig({}).projectionGatherMs).toBe(5);
    expect(loadConfig({ PROJECTION_GATHER_MS: '0' }).projectionGatherMs).toBe(0);
    expect(() => loadConfig({ PROJECTION_GATHER_MS: '50' })).toThrow(/PROJECTION_GATHER_MS/);
  });

  it('turns the PostgreSQL event store group commit on by default, off with EVENT_STORE_GROUP_COMMIT=off', () => {
    expect(loadConfig({}).eventStoreGroupCommit).toBe(true);
    expect(loadConfig({ EVENT_STORE_GROUP_COMMIT: 'off' }).eventStoreGroupCommit).toBe(false);
    expect(() => loadConfig({ EVENT_STORE_GROUP_COMMIT: 'yes' })).toThrow(
      /EVENT_STORE_GROUP_COMMIT must be one of on, off/,
    );
  });

  it('names every bad variable in one error, without echoing the database URL', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        EVENT_STORE: 'eventstoredb',
        SMS_GATEWAY: 'pigeon',
        SIMULATOR_INVALID_NUMBERS: '555-0100',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://root:hunter2@db',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'EVENTSTORE_URL',
      'SMS_GATEWAY',
      'SIMULATOR_INVALID_NUMBERS',
      'LOG_LEVEL',
      'DATABASE_URL',
    ])
      expect(problems).toContain(name);
    expect(problems).not.toContain('hunter2');
  });

  it('reads the database timeouts and the service role URL, with documented defaults, and refuses nonsense', () => {
    expect(loadConfig({}).database).toEqual({
      statementTimeoutMs: 5000,
      lockTimeoutMs: 3000,
      connectTimeoutMs: 5000,
      idleInTransactionTimeoutMs: 30000,
    });
    const config = loadConfig({
      DB_STATEMENT_TIMEOUT_MS: '2000',
      DB_LOCK_TIMEOUT_MS: '1000',
      DB_CONNECT_TIMEOUT_MS: '1500',
      DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '9000',
      SERVICE_DATABASE_URL: 'postgres://svc:pw@db/texting',
    });
    expect(config.database).toEqual({
      statementTimeoutMs: 2000,
      lockTimeoutMs: 1000,
      connectTimeoutMs: 1500,
      idleInTransactionTimeoutMs: 9000,
    });
    expect(config.serviceDatabaseUrl).toBe('postgres://svc:pw@db/texting');
    let problems = '';
    try {
      loadConfig({ DB_STATEMENT_TIMEOUT_MS: '0', SERVICE_DATABASE_URL: 'mysql://svc:secret-pw@db' });
    } catch (e) {
      problems = (e as ConfigError).problems.join('\n');
    }
    expect(problems).toContain('DB_STATEMENT_TIMEOUT_MS');
    expect(problems).toContain('SERVICE_DATABASE_URL');
    expect(problems).not.toContain('secret-pw');
  });
});

describe('loadConfig: Twilio', () => {
  const SID = `AC${'0'.repeat(32)}`;
  const MG = `MG${'f'.repeat(32)}`;
  const twilio = {
    SMS_GATEWAY: 'twilio',
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: 'secret-token-value',
    TWILIO_MESSAGING_SERVICE_SID: MG,
    PUBLIC_BASE_URL: 'https://texting.school.org/',
  };
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
    const config = loadConfig({
      ...twilio,
      SMS_RATE_PER_SECOND: '225',
      SMS_MAX_RETRIES: '3',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:4010',
    });
    expect(config.sms).toMatchObject({ gateway: 'twilio', ratePerSecond: 225, maxRetries: 3 });
    expect(config.twilio).toEqual({
      accountSid: SID,
      authToken: 'secret-token-value',
      messagingServiceSid: MG,
      fromNumber: null,
      senderPool: [],
      publicBaseUrl: 'https://texting.school.org',
      apiBaseUrl: 'http://127.0.0.1:4010',
      keywordReplies: 'twilio',
    });
    expect(
      loadConfig({ ...twilio, TWILIO_MESSAGING_SERVICE_SID: '', TWILIO_FROM_NUMBER: '+12015550100' }).twilio,
    ).toMatchObject({ messagingServiceSid: null, fromNumber: '+12015550100' });
  });

  it('reads who answers keywords and when lost delivery reports are looked up, refusing other values', () => {
    expect(loadConfig({ ...twilio, TWILIO_KEYWORD_REPLIES: 'service' }).twilio?.keywordReplies).toBe('service');
    expect(() => loadConfig({ ...twilio, TWILIO_KEYWORD_REPLIES: 'both' })).toThrow(
      /TWILIO_KEYWORD_REPLIES must be "service"/,
    );
    expect(loadConfig({}).sms.statusRecoveryAfterMs).toBe(600_000);
    expect(loadConfig({ SMS_STATUS_RECOVERY_AFTER_MS: '0' }).sms.statusRecoveryAfterMs).toBe(0);
    expect(() => loadConfig({ SMS_STATUS_RECOVERY_AFTER_MS: 'soon' })).toThrow(/SMS_STATUS_RECOVERY_AFTER_MS/);
  });

  it('selects Twilio when its credentials are configured and no gateway is named; an explicit simulator wins', () => {
    const { SMS_GATEWAY: _named, ...credentials } = twilio;
    expect(loadConfig(credentials).sms.gateway).toBe('twilio');
    expect(loadConfig({ ...credentials, SMS_GATEWAY: 'simulator' }).sms.gateway).toBe('simulator');
  });

  it('names every missing or malformed Twilio setting, never echoing the auth token', () => {
    const problems = problemsOf({
      SMS_GATEWAY: 'twilio',
      TWILIO_ACCOUNT_SID: 'SK123',
      TWILIO_AUTH_TOKEN: 'hunter2-token',
    });
    for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_MESSAGING_SERVICE_SID', 'PUBLIC_BASE_URL'])
      expect(problems).toContain(name);
    expect(problems).not.toContain('hunter2');
    expect(
      problemsOf({ ...twilio, TWILIO_AUTH_TOKEN: '', TWILIO_FROM_NUMBER: '555-0100', TWILIO_API_BASE_URL: 'ftp://x' }),
    ).toMatch(/TWILIO_AUTH_TOKEN[\s\S]*TWILIO_FROM_NUMBER[\s\S]*TWILIO_API_BASE_URL/);
    expect(problemsOf({ ...twilio, PUBLIC_BASE_URL: 'https://texting.school.org/?x=1' })).toContain('PUBLIC_BASE_URL');
    expect(problemsOf({ ...twilio, SMS_RATE_PER_SECOND: '0' })).toContain('SMS_RATE_PER_SECOND');
  });

  it('requires an https public URL in production', () => {
    expect(
      problemsOf({
        ...twilio,
        NODE_ENV: 'production',
        JWT_SECRET: 'k'.repeat(48),
        PUBLIC_BASE_URL: 'http://texting.school.org',
      }),
    ).toContain('PUBLIC_BASE_URL must be the https URL');
  });
});
