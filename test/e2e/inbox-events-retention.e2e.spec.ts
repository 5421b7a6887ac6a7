import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { READ_MODEL_DATA_SOURCE } from '../../src/projections/runner/read-model-data-source';
import { InboxChangesPruner } from '../../src/infrastructure/api/inbox/inbox-changes.pruner';
import { allowTexting, auth } from '../support/compliance-story';
import { SseClient } from '../support/sse-client';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { schoolDayClock } from '../support/test-clock';

const SARAH = '+12015550171';

/**
 * The live inbox keeps its change lines for INBOX_EVENTS_RETENTION_HOURS (default 48), not for ever. A client that
 * comes back with a Last-Event-ID older than that is not resumed with a silent gap: its "ready" says reset, and it
 * reloads the list; from then on it gets every change again.
 */
describe('e2e: live inbox change lines are kept for the retention, and an older Last-Event-ID is told to reload', () => {
  let t: TestApp;
  const clock = schoolDayClock();
  const url = () => `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/v1/me/events`;
  const bell = () => auth(t.token('teacher', 't-bell', { initials: 'A.Bell' }));
  const reply = (body: string) =>
    t.http
      .post('/v1/dev/sms-simulator/replies')
      .set(auth(t.token('registrar', 'reg-1')))
      .send({ from: SARAH, body })
      .expect(202);
  const lines = async () =>
    Number(
      (
        await t.app
          .get<DataSource>(READ_MODEL_DATA_SOURCE)
          .query<{ n: string }[]>('SELECT count(*) AS n FROM inbox_changes')
      )[0]!.n,
    );

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await allowTexting(t);
    const sis = auth(t.token('sis', 'sis-sync'));
    await t.http
      .post('/v1/students')
      .set(sis)
      .send({ studentId: 'sarah', firstName: 'Sarah', lastName: 'Doe', smsNumber: SARAH })
      .expect(201);
    await t.http
      .post('/v1/students/sarah/enrollments')
      .set(sis)
      .send({
        enrollmentId: 'e-sarah',
        courseId: 'c1',
        courseName: 'Art',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn: '2026-08-24',
      })
      .expect(201);
    await t.http
      .post('/v1/students/sarah/sms')
      .set(bell())
      .send({ body: 'Hi Sarah, how is the project going?', idempotencyKey: 'retention-0001' })
      .expect(202);
    await t.settle();
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await t.close();
  });

  it('prunes nothing younger than the retention, then everything older; the stream says reset and goes on', async () => {
    const first = await SseClient.open(url(), bell());
    await reply('first answer');
    await eventually(async () => expect(first.inbox().filter((c) => c.kind === 'reply')).toHaveLength(1));
    const lastSeen = first.lastEventId!;
    first.close();
    await reply('second answer');
    await t.settle();

    const pruner = t.app.get(InboxChangesPruner);
    const kept = await lines();
    expect(kept).toBeGreaterThan(0);
    expect(await pruner.prune()).toBe(0); // nothing is 48 hours old yet
    expect(await lines()).toBe(kept);

    // Two days and an hour later, every line so far is past the retention and goes; the inbox itself stays.
    clock.advance(49 * 3_600_000);
    expect(await pruner.prune()).toBe(kept);
    expect(await lines()).toBe(0);
    const inbox = (await t.http.get('/v1/me/inbox').set(bell()).expect(200)).body.items as { unreadCount: number }[];
    expect(inbox.map((i) => i.unreadCount)).toEqual([2]);

    // With every line pruned, a stream opened now starts at the pruned mark, and that id resumes without a reset;
    // the id of an empty table's end ("-1-0") is accepted, and says reset (lines were written and pruned after it).
    const empty = await SseClient.open(url(), bell());
    await eventually(async () => expect(empty.events[0]?.event).toBe('ready'));
    expect(empty.events[0]!.id).toMatch(/^\d+-999999$/);
    empty.close();
    const fromMark = await SseClient.open(url(), { ...bell(), 'Last-Event-ID': empty.events[0]!.id! });
    await eventually(async () => expect(fromMark.events[0]?.event).toBe('ready'));
    expect(JSON.parse(fromMark.events[0]!.data)).not.toHaveProperty('reset');
    fromMark.close();
    const fromEmpty = await SseClient.open(url(), { ...bell(), 'Last-Event-ID': '-1-0' });
    expect(fromEmpty.status).toBe(200);
    await eventually(async () => expect(fromEmpty.events[0]?.event).toBe('ready'));
    expect(JSON.parse(fromEmpty.events[0]!.data)).toMatchObject({ reset: true });
    fromEmpty.close();

    // The old Last-Event-ID cannot be resumed without a gap: "ready" says reset, and new changes still come.
    const back = await SseClient.open(url(), { ...bell(), 'Last-Event-ID': lastSeen });
    await eventually(async () => expect(back.events[0]?.event).toBe('ready'));
    expect(JSON.parse(back.events[0]!.data)).toMatchObject({ reset: true });
    await reply('third answer');
    await eventually(async () => expect(back.inbox().map((c) => c.kind)).toEqual(['reply']));

    // A Last-Event-ID still kept resumes as before, without reset.
    const again = await SseClient.open(url(), { ...bell(), 'Last-Event-ID': back.lastEventId! });
    await eventually(async () => expect(again.events[0]?.event).toBe('ready'));
    expect(JSON.parse(again.events[0]!.data)).not.toHaveProperty('reset');
    back.close();
    again.close();
  });
});
