import { allowTexting, auth } from '../support/compliance-story';
import { OpenApiResponseValidator } from '../support/openapi-response-validator';
import { startTestApp, type TestApp } from '../support/test-app';

/** Issue 16, item 7: staff of a district read the SMS policy their texts are judged by. */
describe('e2e: reading the district SMS policy', () => {
  let t: TestApp;
  let validator: OpenApiResponseValidator;
  const get = async (token: string, district = 'd1', status = 200) => {
    const res = await t.http.get(`/v1/districts/${district}/sms-policy`).set(auth(token)).expect(status);
    expect(validator.problems('GET', res.request.url, res.status, res.headers['content-type'], res.body)).toEqual([]);
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    validator = new OpenApiResponseValidator((await t.http.get('/docs-json').expect(200)).body);
  });
  afterAll(async () => {
    await t.close();
  });

  it('before any policy: 404 SMS_POLICY_NOT_SET, texting is off', async () => {
    expect((await get(t.token('teacher', 't-bell'), 'd1', 404)).error.code).toBe('SMS_POLICY_NOT_SET');
  });

  it("shows the policy in force, who set it and when, to the district's staff only", async () => {
    await allowTexting(t);
    const admin = t.token('school_admin', 'adm-d1', { initials: 'P.Admin' });
    await t.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(admin))
      .send({
        smsAllowed: true,
        timeZone: 'America/Denver',
        quietHours: { start: '09:00', end: '20:00' },
        allowedLinkHosts: ['school.org'],
        keywordReplies: { schoolName: 'Lakeside Virtual Academy', helpPhone: '(555) 010-0200' },
      })
      .expect(200);
    for (const role of ['teacher', 'registrar', 'school_admin', 'compliance'] as const) {
      expect(await get(t.token(role, `${role}-1`))).toEqual({
        districtId: 'd1',
        smsAllowed: true,
        timeZone: 'America/Denver',
        quietHours: { start: '09:00', end: '20:00' },
        allowedLinkHosts: ['school.org'],
        keywordReplies: { schoolName: 'Lakeside Virtual Academy', helpPhone: '(555) 010-0200' },
        revision: '1',
        setAt: expect.any(String),
        setBy: { id: 'adm-d1', role: 'school_admin', initials: 'P.Admin' },
      });
    }
    for (const role of ['student', 'sis', 'analytics'] as const)
      expect((await get(t.token(role, 'x-1'), 'd1', 403)).error.code).toBe('FORBIDDEN_ROLE');
    expect((await get(t.token('teacher', 't-bell', { district: 'd2' }), 'd1', 403)).error.code).toBe(
      'FORBIDDEN_DISTRICT',
    );
    expect((await get(t.token('teacher', 't-bell'), 'not an id', 400)).error.code).toBe('INVALID_ID');
  });
});
