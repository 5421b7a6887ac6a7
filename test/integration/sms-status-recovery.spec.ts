import type { SmsDispatcher } from '../../src/application/delivery/dispatch-sms/sms-dispatcher';
import { DispatcherHarness } from '../support/dispatcher-harness';
import { eventually } from '../support/test-app';

/**
 * Delivery reports lost while the service was down (the Twilio stand-in sends none here): a text left 'sent' longer
 * than SMS_STATUS_RECOVERY_AFTER_MS is looked up at Twilio (its Message resource) and its final status recorded.
 */
describe('recovering lost delivery reports (Twilio stand-in, no status callbacks)', () => {
  let h: DispatcherHarness;
  const students = [
    ['sarah', '+12015550123'],
    ['tim', '+12015550177'],
    ['becky', '+12015550145'],
  ] as const;
  const AFTER_MS = 10 * 60_000;

  beforeEach(async () => {
    h = await DispatcherHarness.create();
    for (const [id, phone] of students) await h.student(id, phone);
  });
  afterEach(async () => {
    await h.close();
  });

  const statuses = async (texts: { studentId: string; messageId: string }[]) =>
    Promise.all(texts.map(async (t) => (await h.state(t.studentId)).messages.get(t.messageId)!.status));

  it('after a crash mid-burst, 0 texts stay sent: each is looked up and its final status recorded', async () => {
    const texts: { studentId: string; messageId: string }[] = [];
    for (const [id] of students)
      for (const n of [1, 2, 3])
        texts.push({ studentId: id, messageId: await h.text(id, `Hi ${id}, reminder ${n} - Mrs. Bell`) });
    const first: { dispatcher?: SmsDispatcher } = {};
    let sent = 0;
    let crashed!: () => void;
    const crash = new Promise<void>((resolve) => {
      crashed = resolve;
    });
    ({ dispatcher: first.dispatcher } = await h.startDispatcher(
      { concurrency: 3, statusRecoveryAfterMs: AFTER_MS },
      {
        after: (step) => {
          if (step !== 'status_recorded' || ++sent < 5) return;
          first.dispatcher!.halt();
          crashed();
          throw new Error('simulated crash');
        },
      },
    ));
    await crash;
    await first.dispatcher!.stop();
    expect((await statuses(texts)).filter((s) => s === 'sent').length).toBeGreaterThanOrEqual(5);

    await h.startDispatcher({ statusRecoveryAfterMs: AFTER_MS });
    await eventually(async () => expect(h.standin.messages()).toHaveLength(texts.length));
    expect((await statuses(texts)).filter((s) => s === 'sent').length).toBeGreaterThan(0);
    // The wait for a report starts when each send is recorded; a send recorded just after the clock moved waits from
    // there. So the clock moves past the wait again (a few times at most) until no text is left 'sent'.
    for (let round = 0; round < 10 && (await statuses(texts)).includes('sent'); round++) {
      h.clock.advance(AFTER_MS + 1_000);
      await eventually(
        async () => expect((await statuses(texts)).filter((s) => s === 'sent')).toEqual([]),
        1_500,
      ).catch(() => undefined);
    }
    expect(await statuses(texts)).toEqual(texts.map(() => 'delivered'));
    expect(new Set(h.copiesByBody().values())).toEqual(new Set([1]));
  }, 30_000);

  it('an undelivered text whose report was lost gets its failure and reason (the red bar), and the number is flagged', async () => {
    h.standin.undeliverable.set('+12015550145', 30006);
    const id = await h.text('becky', 'Hi Becky, are you able to log on today? - Mrs. Bell');
    await h.startDispatcher({ statusRecoveryAfterMs: AFTER_MS });
    await eventually(async () => expect((await h.state('becky')).messages.get(id)!.status).toBe('sent'));
    h.clock.advance(AFTER_MS + 1_000);
    await eventually(async () => expect((await h.state('becky')).messages.get(id)!.status).toBe('failed'));
    const events = await h.store.readStream('student-d1/becky');
    expect(events.find((e) => e.type === 'SmsFailed')!.data).toMatchObject({
      errorCode: '30006',
      reason: expect.any(String),
    });
    expect(events.map((e) => e.type)).toContain('SmsNumberFlaggedInvalid');
  });

  it('a text whose report is only late is left alone until the wait is over', async () => {
    const id = await h.text('sarah', 'Hi Sarah, late report - Mrs. Bell');
    await h.startDispatcher({ statusRecoveryAfterMs: AFTER_MS });
    await eventually(async () => expect((await h.state('sarah')).messages.get(id)!.status).toBe('sent'));
    await new Promise((r) => setTimeout(r, 150));
    expect((await h.state('sarah')).messages.get(id)!.status).toBe('sent');
    h.clock.advance(AFTER_MS);
    await eventually(async () => expect((await h.state('sarah')).messages.get(id)!.status).toBe('delivered'));
  });
});
