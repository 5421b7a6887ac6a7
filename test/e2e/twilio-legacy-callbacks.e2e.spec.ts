import twilio from 'twilio';
import { toEventData } from '../../src/application/shared/to-event-data';
import type { StudentEvent } from '../../src/domain/student/student.events';
import { legacyStudentStreamId } from '../../src/domain/student/student-stream';
import { uuidGenerator } from '../../src/infrastructure/clock/system-clock';
import { AUTH_TOKEN } from '../support/twilio-standin/twilio-standin.config';
import { statusParams } from '../support/twilio-standin/twilio-standin.webhooks';
import { eventually } from '../support/test-app';
import { PUBLIC_BASE_URL, startTwilioTestApp, type TwilioTestApp } from '../support/twilio-test-app';

/**
 * Issue 15: status callbacks name the student's district (ids are scoped by district). Callbacks given to Twilio
 * before that name only the student; their student's stream is a legacy one (`student-<id>`), which still says whose
 * it is, so they are still recorded. A callback naming the wrong district finds no such text and changes nothing.
 */
describe('e2e: Twilio status callbacks of a student registered before ids were scoped', () => {
  let x: TwilioTestApp;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const legacy = legacyStudentStreamId('olga');
  const types = async () => (await x.t.store.readStream(legacy)).map((e) => e.type);

  beforeAll(async () => {
    x = await startTwilioTestApp();
    await x.t.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(x.t.token('school_admin', 'adm-1')))
      .send({
        smsAllowed: true,
        timeZone: 'America/Chicago',
        quietHours: { start: '08:00', end: '21:00' },
        allowedLinkHosts: [],
      })
      .expect(200);
    const sis = { actor: { id: 'sis-old', role: 'sis' as const, districtId: 'd1' }, correlationId: 'before-scoping' };
    const events: StudentEvent[] = [
      {
        type: 'StudentRegistered',
        data: {
          studentId: 'olga',
          districtId: 'd1',
          firstName: 'Olga',
          lastName: 'Old',
          preferredName: null,
          dateOfBirth: null,
          address: null,
          username: null,
          smsNumber: '+12015550170',
          timeZone: null,
          listedContacts: [],
        },
      },
      {
        type: 'EnrollmentStarted',
        data: {
          studentId: 'olga',
          enrollmentId: 'enr-olga',
          courseId: 'ela',
          courseName: 'ELA 9',
          teacherId: 't-bell',
          teacherName: 'Amy Bell',
          startedOn: '2026-08-24',
        },
      },
    ];
    await x.t.store.append(legacy, toEventData(events, 'RegisterStudent', sis, new Date(), uuidGenerator), 'no_stream');
    await x.t.settle();
  });
  afterAll(async () => {
    await x.close();
  });

  it('records a callback without districtId on the legacy stream, and ignores one naming another district', async () => {
    x.standin.callbackMode = 'none';
    const bell = auth(x.t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' }));
    const sent = await x.t.http
      .post('/v1/students/olga/sms')
      .set(bell)
      .send({ body: 'Hello Olga, study session at 1:00', idempotencyKey: 'legacy-cb-1' })
      .expect(202);
    const messageId = sent.body.messageId as string;
    await eventually(async () => expect(await types()).toContain('SmsSent'));
    const message = x.standin.messages().at(-1)!;
    // What we give Twilio now names the district.
    expect(message.statusCallback).toBe(
      `${PUBLIC_BASE_URL}/webhooks/twilio/status?messageId=${messageId}&studentId=olga&districtId=d1`,
    );
    const callback = async (query: string, status: string) => {
      const url = `${PUBLIC_BASE_URL}/webhooks/twilio/status?messageId=${messageId}&studentId=olga${query}`;
      const params = statusParams(message, status, null);
      return x.t.http
        .post(url.replace(PUBLIC_BASE_URL, ''))
        .type('form')
        .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params))
        .send(params);
    };
    const before = (await types()).length;
    // Another district has no such student or text: answered like any report of an unknown text, nothing recorded.
    expect((await callback('&districtId=d2', 'delivered')).status).toBe(204);
    expect((await types()).length).toBe(before);
    // As Twilio calls back for a text sent before ids were scoped: no districtId.
    expect((await callback('', 'delivered')).status).toBe(204);
    expect((await types()).slice(before)).toEqual(['SmsDelivered']);
    x.standin.callbackMode = 'in_order';
  });
});
