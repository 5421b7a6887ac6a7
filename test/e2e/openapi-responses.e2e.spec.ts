import type { Response } from 'supertest';
import { allowTexting, auth } from '../support/compliance-story';
import request from 'supertest';
import { contractCheckedAgent } from '../support/contract-checked-agent';
import { OpenApiResponseValidator } from '../support/openapi-response-validator';
import type { AddressInfo } from 'node:net';
import { createApiClient } from '../../client';
import { checkedFetch, startTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 15: the document cannot drift from what the API answers. The messaging writes (and their errors) are
 * answered for real here and each answer is checked against the document with Ajv: status, media type, body schema.
 */
describe('e2e: real answers conform to the OpenAPI document', () => {
  let t: TestApp;
  let validator: OpenApiResponseValidator;
  let bell: string;
  const conforms = (res: Response) => {
    expect(
      validator.problems(res.request.method, res.request.url, res.status, res.headers['content-type'], res.body),
    ).toEqual([]);
    return res;
  };

  beforeAll(async () => {
    t = await startTestApp();
    validator = new OpenApiResponseValidator((await t.http.get('/docs-json').expect(200)).body);
    await allowTexting(t);
    const sis = t.token('sis', 'sis-sync');
    bell = t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' });
    await t.http
      .post('/v1/students')
      .set(auth(sis))
      .send({ studentId: 'oa-1', firstName: 'Nadia', lastName: 'Orr', smsNumber: '(201) 555-0177' })
      .expect(201);
    await t.http
      .post('/v1/students/oa-1/enrollments')
      .set(auth(sis))
      .send({
        enrollmentId: 'enr-oa-1',
        courseId: 'bio',
        courseName: 'Biology',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn: '2026-09-01',
      })
      .expect(201);
    await t.settle();
  });
  afterAll(() => t.close());

  it('finds a schema mismatch when there is one (the check itself can fail)', async () => {
    const res = await t.http
      .post('/v1/students/oa-1/notes')
      .set(auth(bell))
      .send({ body: 'Checked in about the lab report' })
      .expect(201);
    expect(validator.problems('POST', res.request.url, 201, 'application/json', { noteId: 42 }).join()).toContain(
      'does not match',
    );
    expect(validator.problems('POST', res.request.url, 207, 'application/json', res.body).join()).toContain(
      'status not documented',
    );
  });

  it('the agent every e2e suite uses fails a request whose answer the document does not allow', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    delete doc.paths['/v1/students/{id}/notes']!.post!.responses['201'];
    const strict = contractCheckedAgent(request(t.app.getHttpServer()), new OpenApiResponseValidator(doc as never));
    await expect(
      strict.post('/v1/students/oa-1/notes').set(auth(bell)).send({ body: 'Asked about the lab' }).expect(201),
    ).rejects.toThrow(/does not conform to the OpenAPI document[\s\S]*status not documented/);
    await expect(strict.get('/v1/no-such-route').set(auth(bell)).expect(404)).resolves.toBeDefined();
  });

  it("so does the typed client's fetch", async () => {
    await t.client(bell); // listens on a local port
    const doc = (await t.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    delete doc.paths['/v1/students/{id}/notes']!.post!.responses['201'];
    const strict = new OpenApiResponseValidator(doc as never);
    const client = createApiClient({
      baseUrl: `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`,
      token: bell,
      fetch: (req) => checkedFetch(strict, req),
    });
    await expect(
      client.POST('/v1/students/{id}/notes', {
        params: { path: { id: 'oa-1' } },
        body: { body: 'Asked about the lab again' },
      }),
    ).rejects.toThrow(/status not documented/);
  });

  it('documents the Twilio webhooks: form-encoded in, empty TwiML or 204 out, ApiError on refusal', () => {
    expect(
      validator.problems('POST', '/webhooks/twilio/inbound', 200, 'text/xml; charset=utf-8', '<Response></Response>'),
    ).toEqual([]);
    expect(validator.problems('POST', '/webhooks/twilio/status?messageId=m1&studentId=s1', 204, undefined, '')).toEqual(
      [],
    );
    expect(
      validator.problems('POST', '/webhooks/twilio/inbound', 403, 'application/json', {
        error: { code: 'INVALID_TWILIO_SIGNATURE', message: 'x', correlationId: 'c' },
      }),
    ).toEqual([]);
    expect(validator.problems('POST', '/webhooks/twilio/inbound', 200, 'application/json', {}).join()).toContain(
      'content type application/json not documented',
    );
  });

  it('send (202, then 200 for the repeat), cancel, note, call and opt-out answer what the document says', async () => {
    const text = {
      body: 'Lab report is due Friday - Mrs. Bell',
      idempotencyKey: 'oa-key-0001',
      sendAt: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const sent = conforms(await t.http.post('/v1/students/oa-1/sms').set(auth(bell)).send(text).expect(202));
    expect(sent.body).toMatchObject({ status: 'scheduled', duplicate: false });
    const repeat = conforms(await t.http.post('/v1/students/oa-1/sms').set(auth(bell)).send(text).expect(200));
    expect(repeat.body).toMatchObject({ messageId: sent.body.messageId, duplicate: true });
    conforms(await t.http.post(`/v1/students/oa-1/sms/${sent.body.messageId}/cancel`).set(auth(bell)).expect(200));
    conforms(
      await t.http
        .post('/v1/students/oa-1/notes')
        .set(auth(bell))
        .send({ body: 'Checked in about the lab report' })
        .expect(201),
    );
    conforms(
      await t.http
        .post('/v1/students/oa-1/calls')
        .set(auth(bell))
        .send({ direction: 'outbound', party: 'parent', outcome: 'voicemail' })
        .expect(201),
    );
    conforms(
      await t.http.post('/v1/students/oa-1/opt-out').set(auth(bell)).send({ requestedBy: 'parent' }).expect(200),
    );
  });

  it('errors answer the one ApiError schema (400, 401, 404, 412)', async () => {
    conforms(await t.http.post('/v1/students/oa-1/notes').set(auth(bell)).send({ body: 42 }).expect(400));
    conforms(await t.http.post('/v1/students/oa-1/notes').send({ body: 'no token' }).expect(401));
    conforms(
      await t.http
        .post('/v1/students/nobody-here/notes')
        .set(auth(bell))
        .send({ body: 'x' })
        .expect((r) => expect([403, 404]).toContain(r.status)),
    );
    conforms(
      await t.http
        .post('/v1/students/oa-1/notes')
        .set(auth(bell))
        .set('If-Match', '"1"')
        .send({ body: 'stale' })
        .expect(412),
    );
  });
});
