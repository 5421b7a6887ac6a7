import pino from 'pino';
import request from 'supertest';
import { loggerOptions, PII_KEYS, piiSafeLogging, scrubPii } from '../../../src/infrastructure/logging/logger.module';
import { createHttpTestApp } from './http-test-app';

/** Captures what pino would write, one parsed JSON object per line. */
function capture(): { lines: Record<string, unknown>[]; stream: { write(line: string): void } } {
  const lines: Record<string, unknown>[] = [];
  return { lines, stream: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) } };
}

describe('logging', () => {
  it('redacts personal data keys at the top level and nested, in objects and arrays', () => {
    const { lines, stream } = capture();
    const logger = pino(piiSafeLogging, stream);
    const student = {
      firstName: 'Sarah',
      lastName: 'Jones',
      dateOfBirth: '2009-04-17',
      address: '1 Main St',
      smsNumber: '+12015550123',
    };
    logger.info(
      {
        command: { student, contacts: [{ phone: '+12015550124' }] },
        sms: { to: '+12015550125', from: '+12015550126', body: 'Hi Sarah', text: 'x' },
        Body: 'hi',
        From: '+12015550127',
      },
      'event',
    );
    const out = JSON.stringify(lines[0]);
    for (const secret of ['Sarah', 'Jones', '2009-04-17', 'Main St', '1201555012', 'Hi Sarah'])
      expect(out).not.toContain(secret);
    expect(out).toContain('[REDACTED]');
    expect(PII_KEYS).toEqual(
      expect.arrayContaining([
        'body',
        'text',
        'phone',
        'smsNumber',
        'to',
        'from',
        'firstName',
        'lastName',
        'dateOfBirth',
        'address',
      ]),
    );
  });

  it('scrubs without touching the logged object, keeps errors errors, and leaves PII-free objects as they are', () => {
    const { lines, stream } = capture();
    const logger = pino(piiSafeLogging, stream);
    class SendDto {
      constructor(
        readonly body: string,
        readonly enrollmentId: string,
      ) {}
    }
    const err = Object.assign(new Error('carrier refused'), { to: '+12015550128', code: 21211 });
    const logged = { err, dto: new SendDto('Hi Sarah', 'e-1'), deep: { a: { b: { phone: '+12015550129' } } } };
    logger.error(logged, 'failed');
    const line = lines[0] as {
      err: { message: string; stack: string; to: string; code: number };
      dto: { body: string; enrollmentId: string };
      deep: { a: { b: { phone: string } } };
    };
    expect(line.err).toMatchObject({ message: 'carrier refused', to: '[REDACTED]', code: 21211 });
    expect(line.err.stack).toContain('carrier refused');
    expect(line.dto).toEqual({ body: '[REDACTED]', enrollmentId: 'e-1' });
    expect(line.deep.a.b.phone).toBe('[REDACTED]');
    // The caller's objects are not changed.
    expect(err.to).toBe('+12015550128');
    expect(logged.dto.body).toBe('Hi Sarah');
    expect(logged.deep.a.b.phone).toBe('+12015550129');
    const clean = { res: { statusCode: 202 }, responseTime: 3 };
    expect(scrubPii(clean)).toBe(clean);
  });

  it('logs each request once by correlation id, with no query string, body or credentials, and skips /health', async () => {
    const { lines, stream } = capture();
    const { app } = await createHttpTestApp({ LOG_LEVEL: 'info' }, stream);
    try {
      const res = await request(app.getHttpServer())
        .post('/v1/things?to=%2B12015550123')
        .set('Authorization', 'Bearer secret.jwt.token')
        .set('Cookie', 'session=abc')
        .set('X-Twilio-Signature', 'sig')
        .set('X-Correlation-Id', 'corr-7')
        .send({ body: 'private text' });
      await request(app.getHttpServer()).get('/health');
      await new Promise((resolve) => setImmediate(resolve));

      expect(res.headers['x-correlation-id']).toBe('corr-7');
      const requests = lines.filter((l) => l.req !== undefined);
      expect(requests).toHaveLength(1);
      const line = requests[0] as {
        correlationId: string;
        msg: string;
        req: { id: string; url: string; method: string; headers: Record<string, string> };
        res: object;
        responseTime: number;
      };
      expect(line.correlationId).toBe('corr-7');
      expect(line.req.id).toBe('corr-7');
      expect(line.req).toMatchObject({ method: 'POST', url: '/v1/things' });
      expect(line.req.headers).toMatchObject({
        authorization: '[REDACTED]',
        cookie: '[REDACTED]',
        'x-twilio-signature': '[REDACTED]',
        'x-correlation-id': 'corr-7',
      });
      expect(line.res).toEqual({ statusCode: res.status });
      expect(line.msg).toBe('request completed');
      expect(typeof line.responseTime).toBe('number');
      const out = JSON.stringify(line);
      for (const leaked of ['12015550123', 'private text', 'secret.jwt', 'session=abc'])
        expect(out).not.toContain(leaked);
    } finally {
      await app.close();
    }
  });

  it("supports the 'silent' level", () => {
    const { lines, stream } = capture();
    pino(loggerOptions({ logLevel: 'silent' }), stream).error('nothing');
    expect(lines).toHaveLength(0);
  });
});
