import { createServer } from 'node:http';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { PII_KEYS, pinoHttpOptions, redact } from '../../../src/infrastructure/logging/logger.module';

/** Captures what pino would write, one parsed JSON object per line. */
function capture(): { lines: Record<string, unknown>[]; stream: { write(line: string): void } } {
  const lines: Record<string, unknown>[] = [];
  return { lines, stream: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) } };
}

describe('logging', () => {
  it('redacts personal data keys at the top level and nested, in objects and arrays', () => {
    const { lines, stream } = capture();
    const logger = pino({ redact }, stream);
    const student = { firstName: 'Sarah', lastName: 'Jones', dateOfBirth: '2009-04-17', address: '1 Main St', smsNumber: '+12015550123' };
    logger.info({ command: { student, contacts: [{ phone: '+12015550124' }] }, sms: { to: '+12015550125', from: '+12015550126', body: 'Hi Sarah', text: 'x' }, Body: 'hi', From: '+12015550127' }, 'event');
    const out = JSON.stringify(lines[0]);
    for (const secret of ['Sarah', 'Jones', '2009-04-17', 'Main St', '1201555012', 'Hi Sarah']) expect(out).not.toContain(secret);
    expect(out).toContain('[REDACTED]');
    expect(PII_KEYS).toEqual(expect.arrayContaining(['body', 'text', 'phone', 'smsNumber', 'to', 'from', 'firstName', 'lastName', 'dateOfBirth', 'address']));
  });

  it('logs requests by correlation id, with no query string, body or credentials, and skips /health', async () => {
    const { lines, stream } = capture();
    const middleware = pinoHttp(pinoHttpOptions({ logLevel: 'info' }), stream);
    const server = createServer((req, res) => {
      middleware(req, res);
      res.setHeader('Content-Type', 'application/json');
      res.end('{}');
    });
    const res = await request(server)
      .post('/v1/students/s-1/messages?to=%2B12015550123')
      .set('Authorization', 'Bearer secret.jwt.token')
      .set('Cookie', 'session=abc')
      .set('X-Twilio-Signature', 'sig')
      .set('X-Correlation-Id', 'corr-7')
      .send({ body: 'private text' });
    await request(server).get('/health');

    expect(res.headers['x-correlation-id']).toBe('corr-7');
    expect(lines).toHaveLength(1);
    const line = lines[0] as { correlationId: string; req: { id: string; url: string; headers: Record<string, string> }; res: object };
    expect(line.correlationId).toBe('corr-7');
    expect(line.req.id).toBe('corr-7');
    expect(line.req.url).toBe('/v1/students/s-1/messages');
    expect(line.req.headers).toMatchObject({ authorization: '[REDACTED]', cookie: '[REDACTED]', 'x-twilio-signature': '[REDACTED]' });
    expect(line.res).toEqual({ statusCode: 200 });
    const out = JSON.stringify(line);
    for (const leaked of ['12015550123', 'private text', 'secret.jwt', 'session=abc']) expect(out).not.toContain(leaked);
  });

  it("supports the 'silent' level", () => {
    const { lines, stream } = capture();
    pino({ level: pinoHttpOptions({ logLevel: 'silent' }).level! }, stream).error('nothing');
    expect(lines).toHaveLength(0);
  });
});
