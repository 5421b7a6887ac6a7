import { auth } from '../support/compliance-story';
import { captureLogs, startLoggedTestApp, type LogCapture } from '../support/logged-test-app';
import { runSeedStory, STORY_PII } from '../support/seed-story';
import { startTestApp, type TestApp } from '../support/test-app';

/** "2015550123" matches "(201) 555-0123", "201.555.0123", "+1 201 555 0123", "2015550123", and the local "555-0123". */
const phonePattern = (digits: string) =>
  new RegExp(
    `${digits.slice(0, 3)}\\D{0,2}${digits.slice(3, 6)}\\D{0,2}${digits.slice(6)}|${digits.slice(3, 6)}\\D?${digits.slice(6)}`,
  );
const word = (name: string) => new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');

describe('e2e: PII discipline (logs, rate limits, secure headers)', () => {
  describe('the seed story with the real logger at info', () => {
    let t: TestApp;
    let logs: LogCapture;
    beforeAll(async () => {
      logs = captureLogs();
      t = await startLoggedTestApp(logs, { SIMULATOR_INVALID_NUMBERS: '+12015550177' });
      await runSeedStory(t);
    });
    afterAll(async () => {
      await t.close();
    });

    it("logged the story (a line per request with its correlation id, and Nest's own lines), so the search below means something", () => {
      const requests = logs.lines
        .map((l) => JSON.parse(l) as { req?: { url: string }; res?: { statusCode: number }; correlationId?: string })
        .filter((l) => l.req && l.res);
      expect(requests.length).toBeGreaterThan(30);
      // Nest's own logs (boot, exception filter, projection runner, dispatcher) go through the same logger.
      expect(logs.lines.some((l) => l.includes('"context":"NestApplication"'))).toBe(true);
      expect(requests.every((l) => typeof l.correlationId === 'string')).toBe(true);
      expect(requests.map((l) => l.res!.statusCode)).toEqual(expect.arrayContaining([200, 201, 202, 400, 403, 422]));
    });

    it('contains no message body, phone number (any format), name, date of birth, address or stated purpose', () => {
      const all = logs.lines.join('');
      const found: string[] = [];
      for (const body of STORY_PII.bodies)
        if (all.includes(body) || all.includes(JSON.stringify(body).slice(1, -1))) found.push(`body: ${body}`);
      for (const digits of STORY_PII.phoneDigits) if (phonePattern(digits).test(all)) found.push(`phone: ${digits}`);
      for (const name of STORY_PII.names) if (word(name).test(all)) found.push(`name: ${name}`);
      for (const dob of STORY_PII.datesOfBirth) if (all.includes(dob)) found.push(`date of birth: ${dob}`);
      for (const text of [...STORY_PII.addresses, ...STORY_PII.purposes, 'Oak Ave'])
        if (all.includes(text)) found.push(`text: ${text}`);
      expect(found).toEqual([]);
    });
  });

  describe('rate limits and secure headers', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers 429 RATE_LIMITED past the limit, with secure headers on every API response', async () => {
      const admin = auth(t.token('school_admin', 'adm-1'));
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await t.http.get('/v1/enrollments/current').set(admin));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429]);
      expect(answers[3]!.body.error).toMatchObject({ code: 'RATE_LIMITED', correlationId: expect.any(String) });
      for (const res of [answers[0]!, answers[3]!]) {
        expect(res.headers).toMatchObject({
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'SAMEORIGIN',
          'strict-transport-security': expect.stringMatching(/max-age=\d+/),
          'referrer-policy': 'no-referrer',
          'content-security-policy': expect.stringContaining("default-src 'none'"),
          'cross-origin-resource-policy': 'same-origin',
        });
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });
  });
});
