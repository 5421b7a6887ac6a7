import type { AddressInfo } from 'node:net';
import { SmsSimulatorGateway } from '../../src/infrastructure/sms/simulator/sms-simulator.gateway';
import { bellStudent, classStory, simulatorReply, type Headers } from '../support/class-story';
import { SseClient } from '../support/sse-client';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

const ROB = '+12015550171'; // Mrs. Bell's and Mr. Ruiz's student
const SAM = '+12015550172'; // Mrs. Bell's only
type Change = { kind: string; studentId: string; staffId: string | null; messageId: string | null; id: string };
interface Line {
  studentId: string;
  staffId: string | null;
  unreadCount: number;
  lastMessage: { direction: string; preview: string | null };
}

/**
 * Issue 16, items 1 and 2, with a second person: two teachers share a student, and the live stream is read across
 * reconnects the client itself makes (a dropped connection, as on a train), while replies keep arriving.
 */
describe('e2e: two teachers of one student; the live stream across client reconnects', () => {
  let t: TestApp;
  let bell: Headers, ruiz: Headers, registrar: Headers;
  /** Our number each teacher's text to Rob went out from: his reply to it belongs in that teacher's thread. */
  const numberOf: Record<'bell' | 'ruiz', string> = { bell: '', ruiz: '' };
  const events = () => `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/v1/me/events`;
  const reply = (from: string, body: string, to?: string) => simulatorReply(t, registrar)(from, body, to);
  const inbox = async (as: Headers) =>
    ((await t.http.get('/v1/me/inbox').set(as).expect(200)).body as { items: Line[] }).items;
  const line = async (as: Headers, studentId: string, staffId: string) =>
    (await inbox(as)).find((l) => l.studentId === studentId && l.staffId === staffId);

  beforeAll(async () => {
    t = await startTestApp();
    const cast = await classStory(t);
    ({ bell, ruiz, registrar } = cast);
    await bellStudent(t, cast.sis, {
      id: 'rob',
      smsNumber: ROB,
      startedOn: '2026-08-24',
      courseId: 'bio',
      courseName: 'Biology',
    });
    await bellStudent(t, cast.sis, {
      id: 'sam',
      smsNumber: SAM,
      startedOn: '2026-08-24',
      courseId: 'bio',
      courseName: 'Biology',
    });
    const ruizEnrollment = {
      enrollmentId: 'enr-rob-wc',
      courseId: 'wc',
      courseName: 'World Cultures',
      teacherName: 'Carlos Ruiz',
    };
    await t.http
      .post('/v1/students/rob/enrollments')
      .set(cast.sis)
      .send({ ...ruizEnrollment, teacherId: 't-ruiz', startedOn: '2026-08-24' })
      .expect(201);
    await t.settle();
    const simulator = t.app.get(SmsSimulatorGateway);
    for (const [who, as, to] of [
      ['bell', bell, 'rob'],
      ['ruiz', ruiz, 'rob'],
      ['bell', bell, 'sam'],
    ] as const) {
      const body = `Hi, how is class going? (${who})`;
      await t.http
        .post(`/v1/students/${to}/sms`)
        .set(as)
        .send({ body, idempotencyKey: `k-${who}-${to}` })
        .expect(202);
      const from = await eventually(async () => {
        const sent = simulator.messages().find((m) => m.to === (to === 'rob' ? ROB : SAM) && m.body === body);
        expect(sent?.from).toEqual(expect.any(String));
        return sent!.from!;
      });
      if (to === 'rob') numberOf[who] = from;
    }
    expect(numberOf.bell).not.toBe(numberOf.ruiz); // one number per (student, staff) thread
    await t.settle();
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(() => t.close());

  it("a reply to one teacher's number shows in that teacher's inbox and stream only; the other's stays as it was", async () => {
    const bellStream = await SseClient.open(events(), bell);
    const ruizStream = await SseClient.open(events(), ruiz);
    await eventually(async () =>
      expect([bellStream.events[0]?.event, ruizStream.events[0]?.event]).toEqual(['ready', 'ready']),
    );
    const before = { bell: await line(bell, 'rob', 't-bell'), ruiz: await line(ruiz, 'rob', 't-ruiz') };

    await reply(ROB, 'Biology is hard this week', numberOf.bell);
    await eventually(async () =>
      // Replies only: a delivery report of the setup's texts may still arrive on the stream (their own staff's).
      expect(
        bellStream
          .inbox<Change>()
          .filter((c) => c.kind === 'reply')
          .map((c) => [c.kind, c.studentId, c.staffId]),
      ).toEqual([['reply', 'rob', 't-bell']]),
    );
    await t.settle();
    expect(await line(bell, 'rob', 't-bell')).toMatchObject({
      unreadCount: before.bell!.unreadCount + 1,
      lastMessage: { direction: 'inbound', preview: 'Biology is hard this week' },
    });
    expect(await line(ruiz, 'rob', 't-ruiz')).toEqual(before.ruiz);
    expect((await inbox(ruiz)).map((l) => `${l.studentId}/${l.staffId}`)).toEqual(['rob/t-ruiz']);

    await reply(ROB, 'World Cultures is fun', numberOf.ruiz);
    await eventually(async () =>
      // Replies only: a delivery report of the setup's texts may still arrive on the stream (their own staff's).
      expect(
        ruizStream
          .inbox<Change>()
          .filter((c) => c.kind === 'reply')
          .map((c) => [c.kind, c.studentId, c.staffId]),
      ).toEqual([['reply', 'rob', 't-ruiz']]),
    );
    await t.settle();
    expect(await line(ruiz, 'rob', 't-ruiz')).toMatchObject({
      unreadCount: before.ruiz!.unreadCount + 1,
      lastMessage: { direction: 'inbound', preview: 'World Cultures is fun' },
    });
    expect((await line(bell, 'rob', 't-bell'))!.lastMessage.preview).toBe('Biology is hard this week');
    // Each stream carried its own teacher's reply and nothing of the other's (a stream delivers in log order, and
    // Mr. Ruiz's has passed the later reply, so it has passed Mrs. Bell's too).
    expect([...new Set(bellStream.inbox<Change>().map((c) => c.staffId))]).toEqual(['t-bell']);
    expect([...new Set(ruizStream.inbox<Change>().map((c) => c.staffId))]).toEqual(['t-ruiz']);
    // The school sees both threads of the shared student.
    const school = (await inbox(registrar))
      .filter((l) => l.studentId === 'rob')
      .map((l) => [l.staffId, l.lastMessage.preview]);
    expect(school.sort()).toEqual([
      ['t-bell', 'Biology is hard this week'],
      ['t-ruiz', 'World Cultures is fun'],
    ]);
    bellStream.close();
    ruizStream.close();
  });

  it('a client that drops and reconnects with Last-Event-ID, three times while replies keep coming, gets exactly what a steady stream got', async () => {
    const steady = await SseClient.open(events(), bell);
    let flaky = await SseClient.open(events(), bell);
    await eventually(async () => expect([steady.events[0]?.event, flaky.events[0]?.event]).toEqual(['ready', 'ready']));
    const received: string[] = [];
    let sent = 0;
    const burst = async (n: number) => {
      for (let i = 0; i < n; i++, sent++)
        await reply(sent % 2 ? SAM : ROB, `burst ${sent}`, sent % 2 ? undefined : numberOf.bell);
    };
    for (let round = 0; round < 3; round++) {
      await burst(3);
      // Drop the connection from the client's side at whatever point it has reached, with replies still in flight.
      const inFlight = burst(2);
      await eventually(async () => expect(flaky.inbox<Change>().length).toBeGreaterThan(0));
      flaky.close();
      received.push(...flaky.inbox<Change>().map((c) => c.id));
      const lastSeen = flaky.lastEventId!;
      await inFlight;
      flaky = await SseClient.open(events(), { ...bell, 'Last-Event-ID': lastSeen });
      await eventually(async () => expect(flaky.events[0]).toMatchObject({ event: 'ready', id: lastSeen }));
    }
    await burst(2);
    await eventually(async () => expect(steady.inbox<Change>()).toHaveLength(sent));
    await eventually(async () => expect(flaky.lastEventId).toBe(steady.lastEventId));
    received.push(...flaky.inbox<Change>().map((c) => c.id));
    // No gap, no repeat: the reconnecting client's events, joined, are the steady stream's, in the same order.
    expect(received).toEqual(steady.inbox<Change>().map((c) => c.id));
    expect(steady.inbox<Change>().every((c) => c.kind === 'reply' && c.staffId === 't-bell')).toBe(true);
    steady.close();
    flaky.close();
  });
});
