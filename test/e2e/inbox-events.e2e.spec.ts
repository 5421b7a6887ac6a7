import type { AddressInfo } from 'node:net';
import { allowTexting, auth } from '../support/compliance-story';
import { OpenApiResponseValidator } from '../support/openapi-response-validator';
import { SseClient } from '../support/sse-client';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

type Change = {
  kind: string;
  studentId: string;
  staffId: string | null;
  messageId: string | null;
  status: string | null;
  flag: string | null;
  id: string;
};

const SARAH = '+12015550161';
const ROB = '+12015550162';
const position = (id: string) => BigInt(id.split('-')[0]!) * 1_000_000n + BigInt(id.split('-')[1]!);

/**
 * Issue 16, item 2: a teacher's live stream over real HTTP (node:http, not supertest), across a replica going away:
 * the stream resumes on another process with Last-Event-ID and gets exactly what it missed, once.
 */
describe('e2e: live inbox events (Server-Sent Events)', () => {
  let t: TestApp;
  let replica: TestApp;
  let validator: OpenApiResponseValidator;
  const url = (app: TestApp) =>
    `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}/v1/me/events`;
  const bell = () => auth(t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' }));
  const ruiz = () => auth(t.token('teacher', 't-ruiz', { initials: 'C.Ruiz', name: 'Carlos Ruiz' }));
  const reply = (from: string, body: string) =>
    t.http
      .post('/v1/dev/sms-simulator/replies')
      .set(auth(t.token('registrar', 'reg-1')))
      .send({ from, body })
      .expect(202);
  const replyIds = async (studentId: string, staffId: string, as: Record<string, string>) =>
    new Map(
      (
        (await t.http.get(`/v1/students/${studentId}/threads/${staffId}`).set(as).expect(200)).body.messages as {
          messageId: string;
          body: string;
          direction: string;
        }[]
      )
        .filter((m) => m.direction === 'inbound')
        .map((m) => [m.body, m.messageId]),
    );

  beforeAll(async () => {
    t = await startTestApp();
    validator = new OpenApiResponseValidator((await t.http.get('/docs-json').expect(200)).body);
    const sis = auth(t.token('sis', 'sis-sync'));
    await allowTexting(t);
    for (const [studentId, phone, teacherId] of [
      ['sarah', SARAH, 't-bell'],
      ['rob', ROB, 't-ruiz'],
    ] as const) {
      await t.http
        .post('/v1/students')
        .set(sis)
        .send({ studentId, firstName: studentId, lastName: 'Doe', smsNumber: phone })
        .expect(201);
      await t.http
        .post(`/v1/students/${studentId}/enrollments`)
        .set(sis)
        .send({
          enrollmentId: `e-${studentId}`,
          courseId: 'c1',
          courseName: 'Art',
          teacherId,
          teacherName: teacherId,
          startedOn: '2026-08-24',
        })
        .expect(201);
    }
    await t.settle();
    await t.http
      .post('/v1/students/sarah/sms')
      .set(bell())
      .send({ body: 'Hi, how is the project going?', idempotencyKey: 'key-sarah-0001' })
      .expect(202);
    await t.http
      .post('/v1/students/rob/sms')
      .set(ruiz())
      .send({ body: 'Hi, how is the project going?', idempotencyKey: 'key-rob-0001' })
      .expect(202);
    await t.settle();
    await t.app.listen(0, '127.0.0.1');
    replica = await startTestApp({}, {}, t.db);
    await replica.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await replica?.close().catch(() => undefined);
    await t.close();
  });

  it('refuses like the reads do, before any stream starts', async () => {
    for (const [as, status, code] of [
      [auth(t.token('student', 'sarah')), 403, 'FORBIDDEN_ROLE'],
      [{ ...bell(), 'Last-Event-ID': 'yesterday' }, 400, 'INVALID_LAST_EVENT_ID'],
      [{}, 401, 'UNAUTHENTICATED'],
    ] as const) {
      const res = await t.http.get('/v1/me/events').set(as).expect(status);
      expect(res.body.error.code).toBe(code);
      expect(validator.problems('GET', '/v1/me/events', status, res.headers['content-type'], res.body)).toEqual([]);
    }
  });

  it('carries each teacher only their replies, status changes and reads, and resumes after a restart without gaps or repeats', async () => {
    const first = await SseClient.open(url(replica), bell());
    const other = await SseClient.open(url(t), ruiz());
    expect(first.status).toBe(200);
    expect(validator.problems('GET', '/v1/me/events', 200, first.headers['content-type'], null)).toEqual([]);
    await eventually(async () => expect(first.events[0]?.event).toBe('ready'));

    await reply(SARAH, 'first answer');
    await reply(ROB, 'rob answers');
    await eventually(async () =>
      expect(first.inbox<Change>().map((c) => [c.kind, c.studentId, c.staffId])).toEqual([
        ['reply', 'sarah', 't-bell'],
      ]),
    );
    await eventually(async () =>
      expect(other.inbox<Change>().map((c) => [c.kind, c.studentId])).toEqual([['reply', 'rob']]),
    );
    const lastSeen = first.lastEventId!;

    // The replica the stream was on goes away (its shutdown ends the stream); replies keep coming meanwhile.
    await replica.close();
    await eventually(async () => expect(first.closedByServer).toBe(true));
    await reply(SARAH, 'second answer');
    await reply(SARAH, 'third answer');
    await t.settle();

    const resumed = await SseClient.open(url(t), { ...bell(), 'Last-Event-ID': lastSeen });
    const ids = await replyIds('sarah', 't-bell', bell());
    await eventually(async () =>
      expect(resumed.inbox<Change>().map((c) => [c.kind, c.messageId])).toEqual([
        ['reply', ids.get('second answer')],
        ['reply', ids.get('third answer')],
      ]),
    );
    expect(resumed.events[0]).toMatchObject({ event: 'ready', id: lastSeen });
    const all = [...first.inbox<Change>(), ...resumed.inbox<Change>()].map((c) => position(c.id));
    expect(all).toEqual([...all].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(all).size).toBe(all.length);

    // Marking read reaches the reader's own streams only; a new text shows its way out as status changes.
    await t.http.post('/v1/me/inbox/sarah/threads/t-bell/read').set(bell()).expect(200);
    const sent = await t.http
      .post('/v1/students/sarah/sms')
      .set(bell())
      .send({ body: 'Great, see you at 1:00', idempotencyKey: 'key-sarah-0002' })
      .expect(202);
    await eventually(async () =>
      expect(
        resumed
          .inbox<Change>()
          .slice(2)
          .map((c) => [c.kind, c.messageId, c.status]),
      ).toEqual([
        ['read', null, null],
        ['message', sent.body.messageId, 'queued'],
        ['status', sent.body.messageId, 'sent'],
        ['status', sent.body.messageId, 'delivered'],
      ]),
    );
    expect(other.inbox<Change>().map((c) => c.studentId)).toEqual(['rob']);
    resumed.close();
    other.close();
  });

  it('stops carrying a student whose enrollment ended, as the thread read stops, while the school still sees it', async () => {
    const registrar = auth(t.token('registrar', 'reg-1'));
    const teacher = await SseClient.open(url(t), bell());
    const school = await SseClient.open(url(t), registrar);
    await eventually(async () =>
      expect([teacher.events[0]?.event, school.events[0]?.event]).toEqual(['ready', 'ready']),
    );
    const sis = auth(t.token('sis', 'sis-sync'));
    await t.http
      .post('/v1/students')
      .set(sis)
      .send({ studentId: 'tim', firstName: 'Tim', lastName: 'Doe', smsNumber: '+12015550163' })
      .expect(201);
    await t.http
      .post('/v1/students/tim/enrollments')
      .set(sis)
      .send({
        enrollmentId: 'e-tim',
        courseId: 'c1',
        courseName: 'Art',
        teacherId: 't-bell',
        teacherName: 't-bell',
        startedOn: '2026-08-24',
      })
      .expect(201);
    await t.http
      .post('/v1/students/sarah/enrollments/e-sarah/end')
      .set(sis)
      .send({ endedOn: '2026-10-01' })
      .expect(200);
    await t.settle();
    await reply(SARAH, 'are you still my teacher?');
    await eventually(async () =>
      expect(school.inbox<Change>().map((c) => [c.kind, c.studentId, c.staffId])).toEqual([
        ['reply', 'sarah', 't-bell'],
      ]),
    );
    // A stream delivers in log order: once Mrs. Bell's has her own later text to Tim, it has passed Sarah's reply.
    const tim = await t.http
      .post('/v1/students/tim/sms')
      .set(bell())
      .send({ body: 'Welcome to Art class!', idempotencyKey: 'key-tim-0001' })
      .expect(202);
    await eventually(async () =>
      expect(teacher.inbox<Change>().map((c) => [c.kind, c.studentId])).toContainEqual(['message', 'tim']),
    );
    expect(teacher.inbox<Change>()[0]).toMatchObject({
      kind: 'message',
      studentId: 'tim',
      messageId: tim.body.messageId,
    });
    expect(teacher.inbox<Change>().filter((c) => c.studentId === 'sarah')).toEqual([]);
    expect(
      (await t.http.get('/v1/me/inbox').set(bell()).expect(200)).body.items.map(
        (i: { studentId: string }) => i.studentId,
      ),
    ).toEqual(['tim']);
    expect((await t.http.get('/v1/students/sarah/threads/t-bell').set(bell()).expect(403)).body.error.code).toBe(
      'NOT_TEACHER_OF_STUDENT',
    );
    for (const stream of [teacher, school]) stream.close();
  });
});
