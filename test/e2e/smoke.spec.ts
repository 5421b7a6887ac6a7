import { startTestApp, type TestApp } from '../support/test-app';

describe('smoke: the whole app boots on real PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers /health and registers a student', async () => {
    const health = await t.http.get('/health');
    expect(health.status).toBe(200);
    const admin = t.token('school_admin', 'adm', { initials: 'P.Admin' });
    const res = await t.http
      .post('/v1/students')
      .set('Authorization', `Bearer ${admin}`)
      .send({ studentId: 's1', firstName: 'Sarah', lastName: 'Jones', smsNumber: '201-555-0123' });
    expect(res.status).toBe(201);
  });
});
