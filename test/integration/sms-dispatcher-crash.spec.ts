import type { DispatchStep } from '../../src/application/delivery/dispatch-sms/dispatch-options';
import type { SmsDispatcher } from '../../src/application/delivery/dispatch-sms/sms-dispatcher';
import { twilioDeliveryState } from '../../src/infrastructure/sms/twilio/twilio-status.mapper';
import { DispatcherHarness } from '../support/dispatcher-harness';
import { eventually } from '../support/test-app';

/**
 * The dispatcher is killed at each step of a send (as a process dies: nothing more is recorded, sent or
 * checkpointed), then a new dispatcher starts over the same event store, checkpoints and Twilio stand-in (which
 * remembers what it accepted). Every text must reach Twilio exactly once, and none may be lost.
 */
describe('SMS dispatcher: crash at each step, restart, every text sent once and none lost (Twilio stand-in)', () => {
  let h: DispatcherHarness;
  const students = [
    ['sarah', '+12015550123'],
    ['tim', '+12015550177'],
    ['becky', '+12015550145'],
  ] as const;

  beforeEach(async () => {
    h = await DispatcherHarness.create();
    for (const [id, phone] of students) await h.student(id, phone);
  });
  afterEach(async () => {
    await h.close();
  });

  async function queueSix(): Promise<{ studentId: string; messageId: string; body: string }[]> {
    const texts = [];
    for (const [id] of students) {
      for (const n of [1, 2]) {
        const body = `Hi ${id}, reminder ${n} about the study session - Mrs. Bell`;
        texts.push({ studentId: id, messageId: await h.text(id, body), body });
      }
    }
    return texts;
  }

  async function expectEachSentOnce(texts: { studentId: string; messageId: string; body: string }[]): Promise<void> {
    await eventually(async () => {
      for (const t of texts)
        expect(['sent', 'delivered']).toContain((await h.state(t.studentId)).messages.get(t.messageId)!.status);
    });
    const copies = h.copiesByBody();
    expect(h.standin.messages()).toHaveLength(texts.length);
    for (const t of texts) expect(copies.get(t.body)).toBe(1);
    for (const t of texts) {
      const m = (await h.state(t.studentId)).messages.get(t.messageId)!;
      expect(h.standin.messages().find((s) => s.sid === m.providerMessageId)?.body).toBe(t.body);
    }
  }

  it.each<DispatchStep>(['attempt_recorded', 'provider_accepted', 'status_recorded'])(
    'killed right after %s',
    async (step) => {
      const texts = await queueSix();
      const victim = texts[3]!;
      const first: { dispatcher?: SmsDispatcher } = {};
      let crashed!: () => void;
      const crash = new Promise<void>((resolve) => {
        crashed = resolve;
      });
      ({ dispatcher: first.dispatcher } = await h.startDispatcher(
        { concurrency: 4 },
        {
          after: (s, messageId) => {
            if (s !== step || messageId !== victim.messageId) return;
            first.dispatcher!.halt();
            crashed();
            throw new Error('simulated crash');
          },
        },
      ));
      await crash;
      await first.dispatcher!.stop();
      expect((await h.state(victim.studentId)).messages.get(victim.messageId)!.status).toBe(
        step === 'status_recorded' ? 'sent' : 'queued',
      );

      await h.startDispatcher();
      await expectEachSentOnce(texts);
    },
  );

  it('a crash after Twilio accepted, with the status callback (carrying our message id) arriving before the restart', async () => {
    const texts = await queueSix();
    const victim = texts[0]!;
    let first: SmsDispatcher | undefined;
    const { reports } = await h
      .startDispatcher(
        {},
        {
          after: async (s, messageId) => {
            if (s !== 'provider_accepted' || messageId !== victim.messageId) return;
            first!.halt();
            throw new Error('simulated crash');
          },
        },
      )
      .then((r) => ((first = r.dispatcher), r));
    await eventually(async () => expect(h.standin.messages().some((m) => m.body === victim.body)).toBe(true));
    await first!.stop();
    // Twilio reports "delivered" to the callback URL, which names our message: matched without the SID on record.
    const sid = h.standin.messages().find((m) => m.body === victim.body)!.sid;
    const state = twilioDeliveryState('delivered', null);
    await reports.deliveryStatus({
      studentId: victim.studentId,
      districtId: 'd1',
      messageId: victim.messageId,
      providerMessageId: sid,
      status: state.status!,
      errorCode: null,
      reason: null,
    });
    expect((await h.state(victim.studentId)).messages.get(victim.messageId)).toMatchObject({
      status: 'delivered',
      providerMessageId: sid,
    });

    await h.startDispatcher();
    await expectEachSentOnce(texts);
  });

  it('Twilio took the text but the answer was lost (connection cut): retried by asking Twilio, not by sending again', async () => {
    const texts = await queueSix();
    h.standin.dropResponseNext(2);
    await h.startDispatcher();
    await expectEachSentOnce(texts);
    const retried = [];
    for (const [id] of students)
      retried.push(...(await h.store.readStream(`student-d1/${id}`)).filter((e) => e.type === 'SmsRetryScheduled'));
    expect(retried).toHaveLength(2);
    expect(retried.every((e) => (e.data as { outcome: string }).outcome === 'unknown')).toBe(true);
  });

  it('killed twice in a row (attempt recorded, then again at the lookup after restart), still exactly once', async () => {
    const texts = await queueSix();
    const victim = texts[5]!;
    const first: { dispatcher?: SmsDispatcher } = {};
    ({ dispatcher: first.dispatcher } = await h.startDispatcher(
      {},
      {
        after: (s, messageId) => {
          if (s === 'provider_accepted' && messageId === victim.messageId) {
            first.dispatcher!.halt();
            throw new Error('simulated crash');
          }
        },
      },
    ));
    await eventually(async () => expect(h.standin.messages()).toHaveLength(6));
    await first.dispatcher!.stop();
    const { dispatcher: second } = await h.startDispatcher();
    second.halt(); // dies again before doing much
    await second.stop();
    await h.startDispatcher();
    await expectEachSentOnce(texts);
  });
});
