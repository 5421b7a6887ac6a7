import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractDocument } from '../../client/generate/contract-document';
import { documentSource, schemaSource } from '../../client/generate/schema-source';
import { startTestApp, type TestApp } from '../support/test-app';

const committed = (file: string) => readFileSync(join(__dirname, '../../client', file), 'utf8');

/**
 * Issue 15: the typed client (client/) is generated from the document the service serves, and cannot silently fall
 * behind it: a change to a controller or DTO without `npm run client:generate` fails here, naming the command.
 */
describe('e2e: the committed client matches the live OpenAPI document', () => {
  let t: TestApp;
  let live: object;

  beforeAll(async () => {
    t = await startTestApp();
    live = (await t.http.get('/docs-json').expect(200)).body as object;
  });
  afterAll(() => t.close());

  it('client/openapi.json is the document served at /docs-json (else: npm run client:generate)', () => {
    expect(JSON.parse(committed('openapi.json'))).toEqual(live);
    expect(committed('openapi.json')).toBe(documentSource(live));
  });

  it('client/schema.ts is what openapi-typescript makes of the live document (else: npm run client:generate)', () => {
    expect(committed('schema.ts')).toBe(schemaSource(live));
  });

  it('the generator reads the same document without a database (what npm run client:generate writes)', async () => {
    expect(await contractDocument()).toEqual(live);
  });

  it('the typed client sends the token and reads typed answers and typed errors', async () => {
    const admin = await t.client(t.token('school_admin', 'adm-1'));
    const policy = await admin.PUT('/v1/districts/{districtId}/sms-policy', {
      params: { path: { districtId: 'd1' } },
      body: {
        smsAllowed: true,
        timeZone: 'America/Chicago',
        quietHours: { start: '08:00', end: '21:00' },
        allowedLinkHosts: [],
      },
    });
    expect(policy.response.status).toBe(200);
    const anonymous = await t.client('not-a-token');
    const refused = await anonymous.GET('/v1/enrollments/current', {});
    expect(refused.response.status).toBe(401);
    expect(refused.error?.error.code).toBe('UNAUTHENTICATED');
  });
});
