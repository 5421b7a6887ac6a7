import type { Response } from 'supertest';
import { SmsSimulatorGateway } from '../../src/infrastructure/sms/simulator/sms-simulator.gateway';
import { allowTexting, auth } from '../support/compliance-story';
import { simulatorReply } from '../support/class-story';
import { OpenApiResponseValidator } from '../support/openapi-response-validator';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

type Headers = Record<string, string>;
interface Item {
  kind: string;
  studentId: string;
  studentFirstName: string | null;
  staffId: string | null;
  unreadCount: number;
  lastMessage: { direction: string; preview: string | null; status: string };
  flags: string[];
}

const INVALID = '+12015550177';

/**
 * Issue 16, item 1: a teacher learns of replies from one inbox across students instead of polling each thread.
 * Sarah and Rob are Mrs. Bell's; Rob is also Mr. Ruiz's; Tim's number is invalid; Maddie texts before anyone texted her.
 */
describe('e2e: the staff inbox', () => {
  let t: TestApp;
  let validator: OpenApiResponseValidator;
  let bell: Headers;
  let ruiz: Headers;
  let registrar: Headers;

  const checked = (res: Response): Response => {
    expect(
      validator.problems(res.request.method, res.request.url, res.status, res.headers['content-type'], res.body),
    ).toEqual([]);
    return res;
  };
  const inbox = async (as: Headers, query = '') =>
    checked(await t.http.get(`/v1/me/inbox${query}`).set(as).expect(200)).body as {
      items: Item[];
      nextCursor: string | null;
    };
  const reply = (from: string, body: string, to?: string) => simulatorReply(t, registrar)(from, body, to);
  const accessReads = async (studentId: string) =>
    (await t.store.readStream(`access-d1/${studentId}`)).filter(
      (e) => (e.data as { detail?: { view?: string } }).detail?.view === 'inbox',
    );

  beforeAll(async () => {
    t = await startTestApp({ SIMULATOR_INVALID_NUMBERS: INVALID });
    validator = new OpenApiResponseValidator((await t.http.get('/docs-json').expect(200)).body);
    const sis = auth(t.token('sis', 'sis-sync'));
    bell = auth(t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' }));
    ruiz = auth(t.token('teacher', 't-ruiz', { initials: 'C.Ruiz', name: 'Carlos Ruiz' }));
    registrar = auth(t.token('registrar', 'reg-1'));
    await allowTexting(t);
    const students: [string, string, string, [string, string][]][] = [
      ['sarah', 'Sarah', '+12015550141', [['t-bell', 'Amy Bell']]],
      [
        'rob',
        'Rob',
        '+12015550142',
        [
          ['t-bell', 'Amy Bell'],
          ['t-ruiz', 'Carlos Ruiz'],
        ],
      ],
      ['tim', 'Tim', INVALID, [['t-bell', 'Amy Bell']]],
      ['maddie', 'Maddie', '+12015550144', [['t-bell', 'Amy Bell']]],
    ];
    for (const [studentId, firstName, smsNumber, teachers] of students) {
      await t.http.post('/v1/students').set(sis).send({ studentId, firstName, lastName: 'Doe', smsNumber }).expect(201);
      for (const [teacherId, teacherName] of teachers) {
        await t.http
          .post(`/v1/students/${studentId}/enrollments`)
          .set(sis)
          .send({
            enrollmentId: `e-${studentId}-${teacherId}`,
            courseId: `c-${teacherId}`,
            courseName: `Course of ${teacherName}`,
            teacherId,
            teacherName,
            startedOn: '2026-08-24',
          })
          .expect(201);
      }
    }
    await t.settle();
    await reply('+12015550144', 'hi is this my teacher?');
    for (const [studentId, as] of [
      ['tim', bell],
      ['sarah', bell],
      ['rob', bell],
      ['rob', ruiz],
    ] as const) {
      await t.http
        .post(`/v1/students/${studentId}/sms`)
        .set(as)
        .send({
          body: 'Hi, are you able to log on today and work?',
          idempotencyKey: `k-${studentId}-${as === bell ? 'bell' : 'ruiz'}`,
        })
        .expect(202);
    }
    const simulator = t.app.get(SmsSimulatorGateway);
    await eventually(async () => expect(simulator.messages().filter((m) => m.to === '+12015550142')).toHaveLength(2));
    const bellToRob = simulator.messages().find(
      (m) =>
        m.to === '+12015550142' &&
        m.from !==
          simulator
            .messages()
            .filter((x) => x.to === '+12015550142')
            .at(-1)!.from,
    )?.from;
    await reply('+12015550142', 'Yes I can log on after lunch', bellToRob ?? undefined);
    await reply('+12015550141', 'please stop texting me');
    await t.settle();
    await eventually(async () =>
      expect((await inbox(bell)).items.find((i) => i.studentId === 'tim')?.flags).toEqual(['failed_text']),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it("lists a teacher's threads across students, newest first, with unread counts, previews and flags", async () => {
    const { items, nextCursor } = await inbox(bell);
    expect(nextCursor).toBeNull();
    expect(items.map((i) => [i.kind, i.studentId, i.staffId, i.unreadCount, i.lastMessage.direction, i.flags])).toEqual(
      [
        ['thread', 'sarah', 't-bell', 1, 'inbound', ['likely_opt_out_request']],
        ['thread', 'rob', 't-bell', 1, 'inbound', []],
        ['thread', 'tim', 't-bell', 0, 'outbound', ['failed_text']],
        ['unrouted', 'maddie', null, 1, 'inbound', ['unrouted_first_text']],
      ],
    );
    expect(items[0]).toMatchObject({
      studentFirstName: 'Sarah',
      lastMessage: { preview: 'please stop texting me', status: 'received' },
    });
    expect(items[2]!.lastMessage.status).toBe('failed');
  });

  it('shows each caller only what the thread reads allow', async () => {
    expect((await inbox(ruiz)).items.map((i) => [i.studentId, i.staffId, i.unreadCount])).toEqual([
      ['rob', 't-ruiz', 0],
    ]);
    const school = (await inbox(registrar)).items.map((i) => `${i.studentId}/${i.staffId}`);
    expect(school.sort()).toEqual(['maddie/null', 'rob/t-bell', 'rob/t-ruiz', 'sarah/t-bell', 'tim/t-bell']);
    expect((await inbox(auth(t.token('teacher', 't-bell', { district: 'd2' })))).items).toEqual([]);
    for (const [role, sub] of [
      ['student', 'sarah'],
      ['sis', 'sis-sync'],
      ['analytics', 'an-1'],
    ] as const) {
      const res = checked(
        await t.http
          .get('/v1/me/inbox')
          .set(auth(t.token(role, sub)))
          .expect(403),
      );
      expect(res.body.error.code).toBe('FORBIDDEN_ROLE');
    }
    checked(await t.http.get('/v1/me/inbox').expect(401));
  });

  it('pages with cursors: every item once, in order', async () => {
    const all = (await inbox(registrar)).items.map((i) => `${i.studentId}/${i.staffId}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await inbox(
        registrar,
        `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => `${i.studentId}/${i.staffId}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    for (const bad of ['?cursor=nonsense', '?limit=0', '?limit=101', '?unread=all']) {
      const res = checked(await t.http.get(`/v1/me/inbox${bad}`).set(registrar).expect(400));
      expect(res.body.error.code).toMatch(/INVALID_CURSOR|VALIDATION_FAILED/);
    }
  });

  it("marks read per reader: one teacher's read leaves a colleague's unread state alone", async () => {
    const mark = (as: Headers, path: string) => t.http.post(`/v1/me/inbox/${path}/read`).set(as);
    expect(checked(await mark(bell, 'sarah/threads/t-bell').expect(200)).body).toEqual({
      changed: true,
      unreadCount: 0,
    });
    expect(checked(await mark(bell, 'sarah/threads/t-bell').expect(200)).body).toEqual({
      changed: false,
      unreadCount: 0,
    });
    expect(checked(await mark(bell, 'maddie/unrouted').expect(200)).body.changed).toBe(true);
    await t.settle();
    const mine = (await inbox(bell)).items;
    expect(mine.find((i) => i.studentId === 'sarah')).toMatchObject({ unreadCount: 0, flags: [] });
    expect(mine.find((i) => i.studentId === 'maddie')).toMatchObject({ unreadCount: 0, flags: [] });
    expect((await inbox(bell, '?unread=only')).items.map((i) => i.studentId)).toEqual(['rob', 'tim']);
    expect((await inbox(registrar)).items.find((i) => i.studentId === 'sarah')).toMatchObject({
      unreadCount: 1,
      flags: ['likely_opt_out_request'],
    });

    const refusals: [Headers, string, number, string][] = [
      [ruiz, 'sarah/threads/t-bell', 404, 'INBOX_ITEM_NOT_FOUND'],
      [ruiz, 'rob/threads/t-bell', 404, 'INBOX_ITEM_NOT_FOUND'],
      [auth(t.token('compliance', 'comp-1')), 'sarah/threads/t-bell', 403, 'FORBIDDEN_ROLE'],
      [auth(t.token('student', 'sarah')), 'sarah/threads/t-bell', 403, 'FORBIDDEN_ROLE'],
      [bell, 'sarah/threads/not%20an%20id', 400, 'INVALID_ID'],
    ];
    const before = await t.eventCount();
    for (const [as, path, status, code] of refusals)
      expect(checked(await mark(as, path).expect(status)).body.error.code).toBe(code);
    expect(await t.eventCount()).toBe(before);
  });

  it('a long thread reads in pages of messages after a position; without a limit it is whole', async () => {
    const whole = checked(await t.http.get('/v1/students/rob/threads/t-bell').set(bell).expect(200));
    expect(whole.headers['x-next-cursor']).toBeUndefined();
    const first = checked(await t.http.get('/v1/students/rob/threads/t-bell?limit=1').set(bell).expect(200));
    const cursor = first.headers['x-next-cursor'] as string;
    expect(cursor).toMatch(/^\d+$/);
    const second = checked(
      await t.http.get(`/v1/students/rob/threads/t-bell?limit=1&after=${cursor}`).set(bell).expect(200),
    );
    expect(second.headers['x-next-cursor']).toBeUndefined();
    expect([...first.body.messages, ...second.body.messages]).toEqual(whole.body.messages);
    expect(first.body).not.toHaveProperty('nextCursor');
    expect(
      checked(await t.http.get('/v1/students/rob/threads/t-bell?after=x').set(bell).expect(400)).body.error.code,
    ).toBe('VALIDATION_FAILED');
  });

  it("records the list read on each student's access record once per message shown, not on every poll", async () => {
    await inbox(ruiz);
    const first = await accessReads('rob');
    expect(first.some((e) => e.metadata.actor.id === 't-ruiz')).toBe(true);
    await inbox(ruiz);
    expect(await accessReads('rob')).toHaveLength(first.length);
    await reply('+12015550142', 'Thanks Mr. Ruiz!');
    await eventually(async () => expect((await inbox(ruiz)).items[0]!.unreadCount).toBe(1));
    const after = (await accessReads('rob')).filter((e) => e.metadata.actor.id === 't-ruiz');
    expect(after.length).toBe(first.filter((e) => e.metadata.actor.id === 't-ruiz').length + 1);
    expect(after.at(-1)!.data).toMatchObject({ part: 'threads', detail: { view: 'inbox', staffId: 't-ruiz' } });
  });
});
