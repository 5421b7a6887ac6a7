import type { Response } from 'supertest';
import { classStory, type Headers } from '../support/class-story';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { schoolDayClock } from '../support/test-clock';

const DAY = 86_400_000;
interface Entry {
  studentId: string;
  smsEnabled: boolean;
  smsDisabledReason: string | null;
  templateId: string | null;
  lastOutreachAt: string | null;
  failureReason: string | null;
  messageId: string | null;
}

/** Issue 16, items 6 and 8: a teacher's worklists from the seed's timing table, and the "Add Communications" screen. */
describe('e2e: worklists and Add Communications', () => {
  let t: TestApp;
  const clock = schoolDayClock();
  let bell: Headers, ruiz: Headers, admin: Headers, registrar: Headers;
  let conforms: (res: Response) => Response;
  const ago = (days: number) => new Date(clock.now().getTime() - days * DAY);
  const dateAgo = (days: number) => ago(days).toISOString().slice(0, 10);
  const communicate = (studentId: string, body: object, as = bell) =>
    t.http.post(`/v1/students/${studentId}/communications`).set(as).send(body);
  const worklists = async (as = bell, teacherId = 't-bell') =>
    conforms(await t.http.get(`/v1/teachers/${teacherId}/worklists`).set(as).expect(200)).body as Record<
      'notWelcomed' | 'fallingBehind' | 'failedTexts',
      Entry[]
    >;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    const cast = await classStory(t);
    ({ conforms, bell, ruiz, admin, registrar } = cast);
    const { sis } = cast;
    const students: [string, string | null, number][] = [
      ['ana', null, 2],
      ['ben', '+12015550141', 3],
      ['cat', '+12015550142', 20],
      ['dan', '+12015550143', 20],
      ['eve', '+12015550144', 20],
      ['fay', '+12015550145', 20],
    ];
    for (const [id, phone, startedDaysAgo] of students) {
      await t.http
        .post('/v1/students')
        .set(sis)
        .send({
          studentId: id,
          firstName: id[0]!.toUpperCase() + id.slice(1),
          lastName: 'Moss',
          ...(phone ? { smsNumber: phone } : {}),
        })
        .expect(201);
      await t.http
        .post(`/v1/students/${id}/enrollments`)
        .set(sis)
        .send({
          enrollmentId: `enr-${id}`,
          courseId: 'alg-1',
          courseName: 'Algebra',
          teacherId: 't-bell',
          teacherName: 'Amy Bell',
          startedOn: dateAgo(startedDaysAgo),
        })
        .expect(201);
    }
    for (const id of ['cat', 'dan', 'eve']) {
      await t.http
        .post(`/v1/students/${id}/enrollments/enr-${id}/pacing`)
        .set(sis)
        .send({ status: 'behind', asOf: ago(12).toISOString() })
        .expect(200);
    }
    await t.http.post('/v1/dev/sms-simulator/invalid-numbers').set(admin).send({ number: '+12015550145' }).expect(204);
    await t.settle();
  });
  afterAll(() => t.close());

  it('Add Communications: a call back-dated up to 30 days keeps both times; an email, a meeting and a voicemail left are logged the same way', async () => {
    const threeDaysAgo = ago(3).toISOString();
    const call = conforms(
      await communicate('dan', {
        kind: 'call',
        party: 'parent',
        outcome: 'connected',
        occurredAt: threeDaysAgo,
        notes: 'Talked about pacing',
      }).expect(201),
    );
    expect(call.body).toMatchObject({ kind: 'call', occurredAt: threeDaysAgo, communicationId: expect.any(String) });
    expect(call.headers.etag).toMatch(/^"\d+"$/);
    conforms(
      await communicate('eve', {
        kind: 'call',
        party: 'student',
        outcome: 'no_answer',
        occurredAt: ago(10).toISOString(),
      }).expect(201),
    );
    expect(conforms(await communicate('dan', { kind: 'email', party: 'guardian' }).expect(201)).body).toMatchObject({
      kind: 'email',
      occurredAt: null,
    });
    conforms(
      await communicate('dan', {
        kind: 'meeting',
        party: 'parent',
        occurredAt: ago(1).toISOString(),
        durationSeconds: 1200,
      }).expect(201),
    );
    conforms(await communicate('dan', { kind: 'voicemail', party: 'parent' }).expect(201));
    // The older /calls route takes occurredAt too.
    conforms(
      await t.http
        .post('/v1/students/dan/calls')
        .set(bell)
        .send({ direction: 'inbound', party: 'parent', outcome: 'connected', occurredAt: ago(2).toISOString() })
        .expect(201),
    );
    await t.settle();
    const log = (await t.http.get('/v1/students/dan/log').set(registrar).expect(200)).body as {
      kind: string;
      summary: string;
      occurredAt: string;
    }[];
    const calls = log.filter((e) => e.kind === 'call');
    expect(calls.map((e) => e.summary)).toEqual([
      `Call (outbound) with parent (happened ${threeDaysAgo}): connected, logged by A.Bell - Talked about pacing`,
      'Email (outbound) with guardian: sent, logged by A.Bell',
      expect.stringMatching(/^Meeting \(outbound\) with parent \(happened .*\): held, 1200s, logged by A\.Bell$/),
      'Call (outbound) with parent: voicemail, logged by A.Bell',
      expect.stringMatching(/^Call \(inbound\) with parent \(happened .*\): connected, logged by A\.Bell$/),
    ]);
    // Logged now (the entry's time), happened three days ago (the summary and the event).
    expect(Date.parse(calls[0]!.occurredAt)).toBeGreaterThan(Date.parse(threeDaysAgo) + 2 * DAY);
  });

  it('Add Communications refuses a time more than 30 days back or in the future, an outcome of another kind, a student not yours; nothing recorded', async () => {
    const before = await t.eventCount();
    expect(
      conforms(
        await communicate('dan', {
          kind: 'call',
          party: 'parent',
          outcome: 'connected',
          occurredAt: ago(31).toISOString(),
        }).expect(400),
      ).body.error.code,
    ).toBe('OCCURRED_AT_TOO_OLD');
    expect(
      conforms(
        await communicate('dan', {
          kind: 'call',
          party: 'parent',
          outcome: 'connected',
          occurredAt: new Date(clock.now().getTime() + DAY).toISOString(),
        }).expect(400),
      ).body.error.code,
    ).toBe('OCCURRED_AT_IN_FUTURE');
    expect(
      conforms(
        await communicate('dan', { kind: 'call', party: 'parent', occurredAt: ago(1).toISOString() }).expect(400),
      ).body.error.code,
    ).toBe('OUTCOME_REQUIRED');
    expect(
      conforms(await communicate('dan', { kind: 'email', party: 'parent', outcome: 'busy' }).expect(400)).body.error
        .code,
    ).toBe('OUTCOME_NOT_FOR_KIND');
    expect(conforms(await communicate('dan', { kind: 'fax', party: 'parent' }).expect(400)).body.error.code).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      conforms(await communicate('dan', { kind: 'call', party: 'parent', outcome: 'connected' }, ruiz).expect(403)).body
        .error.code,
    ).toBe('NOT_TEACHER_OF_STUDENT');
    expect(await t.eventCount()).toBe(before);
  });

  it('worklists: not yet welcomed, falling behind and not contacted in 7 days, texts that failed; each row with SMS Enabled and the template that fits', async () => {
    await t.http
      .post('/v1/students/ben/sms')
      .set(bell)
      .send({ body: 'Welcome to Algebra class Ben! - Mrs. Bell', idempotencyKey: 'welcome-ben-1' })
      .expect(202);
    const failed = await t.http
      .post('/v1/students/fay/sms')
      .set(bell)
      .send({ body: 'Hi Fay, how is Algebra going? - Mrs. Bell', idempotencyKey: 'fay-check-1' })
      .expect(202);
    await eventually(async () =>
      expect((await worklists()).failedTexts.map((e) => e.messageId)).toEqual([failed.body.messageId]),
    );
    await t.settle(); // the failed text is in the threads read model; every other read model has caught up too
    const own = (
      await t.http
        .post('/v1/templates')
        .set(bell)
        .send({
          title: 'Back on track',
          purpose: 'not_working',
          body: 'Hi {firstName}, how can I help you get back to work in {className} today? - {teacherName}',
        })
        .expect(201)
    ).body;

    const lists = await worklists();
    const rows = (list: Entry[]) => list.map((e) => [e.studentId, e.smsEnabled, e.smsDisabledReason, e.templateId]);
    // ana: started 2 days ago, never texted (and no number: SMS Enabled says so). ben was texted; the others started 20 days ago.
    expect(rows(lists.notWelcomed)).toEqual([['ana', false, 'no_sms_number', 'default-welcome']]);
    // cat: behind, never contacted; eve: last called 10 days ago; dan was called 3 days ago (back-dated), so not listed.
    expect(rows(lists.fallingBehind)).toEqual([
      ['cat', true, null, own.templateId],
      ['eve', true, null, own.templateId],
    ]);
    expect(lists.fallingBehind[0]!.lastOutreachAt).toBeNull();
    expect(Date.parse(lists.fallingBehind[1]!.lastOutreachAt!)).toBeCloseTo(ago(10).getTime(), -5);
    expect(rows(lists.failedTexts)).toEqual([['fay', false, 'number_flagged_invalid', null]]);
    expect(lists.failedTexts[0]!.failureReason).toEqual(expect.any(String));

    // A call today takes eve off the list.
    await communicate('eve', { kind: 'call', party: 'student', outcome: 'connected' }).expect(201);
    await t.settle();
    expect((await worklists()).fallingBehind.map((e) => e.studentId)).toEqual(['cat']);
  });

  it("a teacher reads their own worklists; a school admin any teacher's of the district", async () => {
    expect(conforms(await t.http.get('/v1/teachers/t-bell/worklists').set(ruiz).expect(403)).body.error.code).toBe(
      'FORBIDDEN_TEACHER',
    );
    expect(conforms(await t.http.get('/v1/teachers/t-bell/worklists').set(registrar).expect(403)).body.error.code).toBe(
      'FORBIDDEN_ROLE',
    );
    expect((await worklists(admin)).notWelcomed.map((e) => e.studentId)).toEqual(['ana']);
    expect(await worklists(ruiz, 't-ruiz')).toMatchObject({ notWelcomed: [], fallingBehind: [], failedTexts: [] });
  });
});
