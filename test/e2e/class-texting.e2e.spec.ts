import type { Response } from 'supertest';
import { auth } from '../support/compliance-story';
import { biologySection, classStory, type ClassTextAnswer as Answer, type Headers } from '../support/class-story';
import { startTestApp, type TestApp } from '../support/test-app';

/** Issue 16, items 4 and 5: a teacher texts a course section (or some of it), from a template or their own words. */
describe('e2e: class texting and templates', () => {
  let t: TestApp;
  let bell: Headers, ruiz: Headers, admin: Headers, registrar: Headers;
  let conforms: (res: Response) => Response;
  const classText = (as: Record<string, string>, body: object, section = 'bio-p3') =>
    t.http.post(`/v1/sections/${section}/texts`).set(as).send(body);
  const outcomes = (students: Answer[]) =>
    students.map((s) => [s.studentId, s.outcome, s.code, s.reason, s.violations]);
  const threadBodies = async (studentId: string) =>
    (
      (await t.http.get(`/v1/students/${studentId}/threads/t-bell`).set(bell).expect(200)).body.messages as {
        body: string;
      }[]
    ).map((m) => m.body);
  const queuedCount = () => t.eventCount((type) => type === 'SmsQueued');

  beforeAll(async () => {
    t = await startTestApp();
    const cast = await classStory(t);
    ({ conforms, bell, ruiz, admin, registrar } = cast);
    await biologySection(t, cast);
    await t.settle();
  });
  afterAll(() => t.close());

  it("the district library starts with the seed's suggested texts; a teacher sees it and their own templates only", async () => {
    const list = conforms(await t.http.get('/v1/templates').set(bell).expect(200)).body.templates as {
      templateId: string;
      purpose: string;
      scope: string;
      version: number;
      placeholders: string[];
    }[];
    expect(list.map((x) => [x.purpose, x.scope, x.version])).toEqual([
      ['welcome', 'district', 0],
      ['not_working', 'district', 0],
      ['study_session', 'district', 0],
      ['milestone', 'district', 0],
      ['tutoring_or_meeting', 'district', 0],
    ]);
    expect(list[0]!.placeholders).toEqual(['firstName', 'className', 'teacherName']);
    const own = conforms(
      await t.http
        .post('/v1/templates')
        .set(bell)
        .send({
          title: 'Lab room',
          purpose: 'study_session',
          body: 'Hi {firstName}, the Lee study room is open at 1:00 for {className} - {teacherName}',
        })
        .expect(201),
    ).body;
    expect(own).toMatchObject({ scope: 'teacher', ownerId: 't-bell', version: 1, changed: true });
    expect(
      (await t.http.get('/v1/templates').set(bell).expect(200)).body.templates.map(
        (x: { templateId: string }) => x.templateId,
      ),
    ).toContain(own.templateId);
    expect(
      (await t.http.get('/v1/templates').set(ruiz).expect(200)).body.templates.map(
        (x: { templateId: string }) => x.templateId,
      ),
    ).not.toContain(own.templateId);
    expect(
      conforms(
        await t.http
          .put(`/v1/templates/${own.templateId}`)
          .set(ruiz)
          .send({ title: 'Mine now', purpose: 'other', body: 'Hi {firstName}' })
          .expect(404),
      ).body.error.code,
    ).toBe('TEMPLATE_NOT_FOUND');
    expect(conforms(await t.http.get('/v1/templates').set(auth(t.token('student', 'sarah')))).status).toBe(403);
  });

  it('the district library is edited by a school admin only; every save passes the guard with sample values and the placeholder list', async () => {
    expect(
      conforms(
        await t.http
          .put('/v1/templates/default-milestone')
          .set(bell)
          .send({ title: 'x', purpose: 'milestone', body: 'Great work {firstName}!' })
          .expect(403),
      ).body.error.code,
    ).toBe('FORBIDDEN_ROLE');
    expect(
      (
        await t.http
          .post('/v1/templates')
          .set(bell)
          .send({ scope: 'district', title: 'x', purpose: 'other', body: 'Hi {firstName}' })
          .expect(403)
      ).body.error.code,
    ).toBe('FORBIDDEN_ROLE');
    const edit = {
      title: 'Milestone congratulations',
      purpose: 'milestone',
      body: 'Great work this week in {className}, {firstName}! - {teacherName}',
    };
    expect(
      conforms(await t.http.put('/v1/templates/default-milestone').set(admin).send(edit).expect(200)).body,
    ).toMatchObject({ version: 1, changed: true, scope: 'district' });
    expect((await t.http.put('/v1/templates/default-milestone').set(admin).send(edit).expect(200)).body).toMatchObject({
      version: 1,
      changed: false,
    });
    const before = await t.eventCount();
    const blocked = conforms(
      await t.http
        .post('/v1/templates')
        .set(admin)
        .send({ title: 'Bad', purpose: 'other', body: 'Hi {firstName} Jones, your grade is a B-' })
        .expect(422),
    ).body.error;
    expect(blocked.code).toBe('CONTENT_POLICY_VIOLATION');
    expect(blocked.details.violations.map((v: { category: string }) => v.category)).toEqual(['full_name', 'grade']);
    expect(
      conforms(
        await t.http
          .post('/v1/templates')
          .set(admin)
          .send({ title: 'Bad', purpose: 'other', body: 'Happy birthday {firstName}, born {dateOfBirth}' })
          .expect(400),
      ).body.error,
    ).toMatchObject({ code: 'UNKNOWN_PLACEHOLDER', details: { unknown: ['{dateOfBirth}'] } });
    expect(await t.eventCount()).toBe(before);
    const retired = conforms(await t.http.delete('/v1/templates/default-tutoring').set(admin).expect(200)).body;
    expect(retired).toEqual({ templateId: 'default-tutoring', retired: true, changed: true });
    expect(
      (await t.http.get('/v1/templates').set(bell).expect(200)).body.templates.map(
        (x: { templateId: string }) => x.templateId,
      ),
    ).not.toContain('default-tutoring');
    expect(
      (await t.store.readStream('templates-d1')).map((e) => [
        e.type,
        (e.data as { templateId: string }).templateId,
        e.metadata.actor.id,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['TemplateSaved', 'default-milestone', 'adm-1'],
        ['TemplateRetired', 'default-tutoring', 'adm-1'],
      ]),
    );
  });

  it('texts every student of the section from a template: each filled text is its own SmsQueued, checked on its own; the answer lists every student', async () => {
    const own = (
      (await t.http.get('/v1/templates').set(bell).expect(200)).body.templates as {
        templateId: string;
        title: string;
      }[]
    ).find((x) => x.title === 'Lab room')!;
    const res = conforms(
      await classText(bell, { templateId: own.templateId, idempotencyKey: 'bio-p3-lab-room' }).expect(201),
    );
    expect(res.headers.location).toBe(`/v1/class-texts/${res.body.jobId}`);
    expect(res.body).toMatchObject({
      sectionId: 'bio-p3',
      className: 'Biology',
      templateId: own.templateId,
      status: 'finished',
      total: 5,
      done: 5,
      counts: { queued: 2, scheduled: 0, notSent: 3 },
    });
    expect(outcomes(res.body.students)).toEqual([
      ['becky', 'not_sent', 'SMS_NOT_ENABLED', 'opted_out', []],
      ['kim', 'not_sent', 'CONTENT_POLICY_VIOLATION', null, ['full_name']], // "Kim ... Lee": her first and last name together
      ['rob', 'not_sent', 'SMS_NOT_ENABLED', 'no_sms_number', []],
      ['sarah', 'queued', null, null, []],
      ['tim', 'queued', null, null, []],
    ]);
    await t.settle();
    expect(await threadBodies('sarah')).toEqual([
      'Hi Sarah, the Lee study room is open at 1:00 for Biology - Amy Bell',
    ]);
    expect(await threadBodies('tim')).toEqual(['Hi Tim, the Lee study room is open at 1:00 for Biology - Amy Bell']);
    const sarahQueued = (await t.store.readStream('student-d1/sarah')).filter((e) => e.type === 'SmsQueued');
    expect(sarahQueued.map((e) => (e.data as { idempotencyKey: string }).idempotencyKey)).toEqual([
      `class-text:${res.body.jobId}:sarah`,
    ]);

    // The same request again: the same answer, nobody texted twice.
    const texts = await queuedCount();
    const again = conforms(
      await classText(bell, { templateId: own.templateId, idempotencyKey: 'bio-p3-lab-room' }).expect(200),
    );
    expect(again.body.students).toEqual(res.body.students);
    expect(await queuedCount()).toBe(texts);
    expect(
      conforms(
        await classText(bell, { body: 'Something else, {firstName}', idempotencyKey: 'bio-p3-lab-room' }).expect(409),
      ).body.error.code,
    ).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(conforms(await t.http.get(`/v1/class-texts/${res.body.jobId}`).set(bell).expect(200)).body.students).toEqual(
      res.body.students,
    );
    expect(conforms(await t.http.get(`/v1/class-texts/${res.body.jobId}`).set(ruiz).expect(404)).body.error.code).toBe(
      'CLASS_TEXT_NOT_FOUND',
    );
  });

  it('texts a chosen subset; one not in the section is answered "not sent"', async () => {
    const res = conforms(
      await classText(bell, {
        templateId: 'default-welcome',
        studentIds: ['tim', 'nobody-here'],
        idempotencyKey: 'bio-p3-welcome-tim',
      }).expect(201),
    );
    expect(outcomes(res.body.students)).toEqual([
      ['tim', 'queued', null, null, []],
      ['nobody-here', 'not_sent', 'NOT_IN_SECTION', null, []],
    ]);
    await t.settle();
    expect(await threadBodies('tim')).toContain(
      'Welcome to Biology class Tim! I am happy to have you as a student. What are you most looking forward to in the class? - Amy Bell',
    );
  });

  it('a teacher texts only their own sections; bad input records nothing', async () => {
    const before = await t.eventCount();
    expect(
      conforms(await classText(ruiz, { body: 'Hi {firstName}', idempotencyKey: 'ruiz-tries-bio' }).expect(403)).body
        .error.code,
    ).toBe('NOT_YOUR_SECTION');
    expect(
      conforms(await classText(registrar, { body: 'Hi {firstName}', idempotencyKey: 'reg-tries-bio' }).expect(403)).body
        .error.code,
    ).toBe('FORBIDDEN_ROLE');
    expect(
      conforms(
        await classText(bell, { body: 'Hi {firstName}', idempotencyKey: 'no-such-section' }, 'chem-9').expect(404),
      ).body.error.code,
    ).toBe('SECTION_NOT_FOUND');
    expect(
      conforms(
        await classText(bell, { body: 'Hi {firstName} {lastName}', idempotencyKey: 'bio-p3-lastname' }).expect(400),
      ).body.error.code,
    ).toBe('UNKNOWN_PLACEHOLDER');
    expect(
      conforms(
        await classText(bell, { body: 'Hi', templateId: 'default-welcome', idempotencyKey: 'bio-p3-both' }).expect(400),
      ).body.error.code,
    ).toBe('BODY_OR_TEMPLATE');
    expect(
      conforms(await classText(bell, { templateId: 'default-tutoring', idempotencyKey: 'bio-p3-retired' }).expect(404))
        .body.error.code,
    ).toBe('TEMPLATE_NOT_FOUND');
    expect(
      conforms(await classText(bell, { body: 'Hi {firstName}', idempotencyKey: 'short' }).expect(400)).body.error.code,
    ).toBe('VALIDATION_FAILED');
    expect(
      conforms(
        await classText(bell, {
          body: 'Hi {firstName}',
          idempotencyKey: 'bio-p3-yesterday',
          sendAt: '2020-01-01T08:00:00-06:00',
        }).expect(400),
      ).body.error.code,
    ).toBe('SEND_AT_IN_PAST');
    expect(await t.eventCount()).toBe(before);
  });
});
