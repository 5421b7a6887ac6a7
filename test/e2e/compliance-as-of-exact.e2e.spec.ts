import { recordAsOfFromWholeStream } from '../../src/application/compliance/record-as-of.handler';
import type { Clock } from '../../src/application/ports/clock.port';
import type { Actor } from '../../src/domain/shared/actor';
import { SmsSimulatorGateway } from '../../src/infrastructure/sms/simulator/sms-simulator.gateway';
import { allowTexting, auth, shortStory, type HistoryEvent } from '../support/compliance-story';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { localInstant } from '../support/test-clock';

/** A clock that stands still until moved: what is recorded between two moves shares one time. */
class SteppedClock implements Clock {
  private at: number;
  constructor(start: Date) {
    this.at = start.getTime();
  }
  now(): Date {
    return new Date(this.at);
  }
  step(ms: number): void {
    this.at += ms;
  }
}

/**
 * GET /v1/compliance/students/{id}/history?asOf= (the store cuts the stream, the record is folded from its rows) must
 * answer byte for byte what the whole-stream replay computes, at every moment of a record built through the API:
 * texts and their statuses, replies by SMS and in the portal, a note amended, a call marked entered in error, a
 * contact change, a record correction, an opt-out; many of them recorded at the same instant.
 */
describe('e2e: the record as of any moment, exactly as the whole-stream replay gives it', () => {
  let t: TestApp;
  let clock: SteppedClock;
  const S = 's-4301';
  const compliance = () => auth(t.token('compliance', 'comp-1', { initials: 'C.Officer' }));
  const bell = () => auth(t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' }));
  const registrar = () => auth(t.token('registrar', 'reg-1', { initials: 'R.Diaz' }));

  beforeAll(async () => {
    clock = new SteppedClock(localInstant('America/Chicago', 0, 12));
    t = await startTestApp({}, { clock });
    await allowTexting(t);
    clock.step(60_000);
    // Registration, enrollment, a text with its statuses, a note and a call: all at one instant.
    const ids = await shortStory(t, S, '+12015550143');
    clock.step(1);
    const simulator = t.app.get(SmsSimulatorGateway);
    const from = simulator.messages().find((m) => m.to === '+12015550143')!.from;
    await t.http
      .post('/v1/dev/sms-simulator/replies')
      .set(auth(t.token('school_admin', 'adm-1')))
      .send({ from: '+12015550143', to: from, body: 'Thanks Mrs. Bell!' })
      .expect(202);
    await t.settle();
    clock.step(30_000);
    await t.http
      .post('/v1/me/threads/t-bell/replies')
      .set(auth(t.token('student', S)))
      .send({ body: 'Can I hand in the project Friday?' })
      .expect(201);
    const second = await t.http
      .post(`/v1/students/${S}/sms`)
      .set(bell())
      .send({ body: 'Friday is fine. - Mrs. Bell', idempotencyKey: `friday-${S}` })
      .expect(202);
    await eventually(async () => {
      const res = await t.http.get(`/v1/students/${S}/threads/t-bell`).set(bell()).expect(200);
      const sent = (res.body as { messages: { messageId: string; status: string }[] }).messages;
      if (sent.find((m) => m.messageId === second.body.messageId)?.status !== 'delivered') throw new Error('not yet');
    });
    clock.step(3_600_000);
    await t.http
      .post(`/v1/students/${S}/notes/${ids.noteId}/amendments`)
      .set(bell())
      .send({ body: 'Talked to dad about the first project', reason: 'It was dad, not mom' })
      .expect(201);
    await t.http
      .post(`/v1/students/${S}/calls/${ids.callId}/entered-in-error`)
      .set(registrar())
      .send({ reason: 'Logged on the wrong student' })
      .expect(200);
    clock.step(86_400_000);
    await t.http
      .patch(`/v1/students/${S}/contact`)
      .set(registrar())
      .send({ smsNumber: '+12015550144', address: '14 Oak Ave', reason: 'Parent called the school' })
      .expect(200);
    await t.http
      .patch(`/v1/students/${S}/record`)
      .set(registrar())
      .send({ lastName: 'Quinlan-Ross', reason: 'Birth certificate received' })
      .expect(200);
    clock.step(999);
    await t.http.post(`/v1/students/${S}/opt-out`).set(bell()).send({ requestedBy: 'parent' }).expect(200);
    await t.settle();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers as the whole-stream replay at every event boundary, in UTC and in other zones', async () => {
    const history = (await t.http.get(`/v1/compliance/students/${S}/history`).set(compliance()).expect(200)).body as {
      events: HistoryEvent[];
    };
    const types = new Set(history.events.map((e) => e.type));
    for (const type of ['SmsDelivered', 'SmsReceived', 'NoteAmended', 'ContactUpdated', 'SmsOptedOut'])
      expect(types).toContain(type);
    const times = [...new Set(history.events.map((e) => Date.parse(e.metadata.occurredAt)))];
    // Events recorded at one instant: the cut takes all of them or none.
    expect(times.length).toBeLessThan(history.events.length - 5);

    const actor: Actor = { id: 'comp-1', role: 'compliance', districtId: 'd1', initials: 'C.Officer' };
    const asOf = (iso: string) =>
      t.http.get(`/v1/compliance/students/${S}/history`).query({ asOf: iso }).set(compliance()).expect(200);
    const differ: string[] = [];
    const answers = new Set<string>();
    for (const time of times) {
      for (const at of [time - 1, time, time + 1]) {
        const iso = new Date(at).toISOString();
        const expected = JSON.stringify(await recordAsOfFromWholeStream(t.store, actor, S, new Date(at)));
        answers.add(expected);
        // The same moment written in UTC and five hours behind it.
        const behind = new Date(at - 5 * 3_600_000).toISOString().replace('Z', '-05:00');
        for (const written of [iso, behind]) if ((await asOf(written)).text !== expected) differ.push(written);
      }
    }
    expect(differ).toEqual([]);
    expect(answers.size).toBeGreaterThan(times.length);
  });
});
