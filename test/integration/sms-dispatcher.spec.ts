import { twilioDeliveryState } from '../../src/infrastructure/sms/twilio/twilio-status.mapper';
import { DispatcherHarness } from '../support/dispatcher-harness';
import { eventually } from '../support/test-app';

const types = async (h: DispatcherHarness, studentId: string) =>
  (await h.store.readStream(`student-d1/${studentId}`)).map((e) => e.type);

/** The dispatcher with the Twilio adapter against the Twilio stand-in: pacing, retries, scheduling, failures. */
describe('SMS dispatcher with the Twilio stand-in', () => {
  let h: DispatcherHarness;
  beforeEach(async () => {
    h = await DispatcherHarness.create();
    await h.student('sarah', '+12015550123');
    await h.student('tim', '+12015550177');
  });
  afterEach(async () => {
    await h.close();
  });

  it('never starts more sends than the configured rate in any one-second window', async () => {
    const ids = [];
    for (let i = 0; i < 8; i++) ids.push(await h.text(i % 2 ? 'tim' : 'sarah', `Reminder number ${i} - Mrs. Bell`));
    await h.startDispatcher({ ratePerSecond: 3, concurrency: 8 });
    await eventually(async () => expect(h.standin.messages()).toHaveLength(8), 15_000);
    const starts = h.sendStarts.map((s) => s.at).sort((a, b) => a - b);
    // The pacer's promise is about starts: at most 3 in any second (1 ms for the two clocks' rounding).
    for (let i = 3; i < starts.length; i++) expect(starts[i]! - starts[i - 3]!).toBeGreaterThanOrEqual(999);
    // Twilio's side sees them spread out too. Only loosely: on a loaded test machine one request's trip through a
    // local socket can be held up for a few hundred milliseconds and arrive right before the next one.
    const arrivals = h.standin.createRequests.map((r) => r.at);
    for (let i = 3; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 3]!).toBeGreaterThan(500);
  }, 20_000);

  it('retries 429 and 5xx with backoff, then sends once', async () => {
    const id = await h.text('sarah', 'Hi Sarah, are you able to log on today?');
    h.standin.failNext(2, 429);
    h.standin.failNext(1, 500);
    await h.startDispatcher();
    await eventually(async () => expect((await h.state('sarah')).messages.get(id)!.status).toBe('sent'));
    expect(h.standin.messages()).toHaveLength(1);
    expect((await types(h, 'sarah')).filter((t) => t === 'SmsRetryScheduled')).toHaveLength(3);
  });

  it('gives up after the retry limit and fails the text with the code', async () => {
    const id = await h.text('sarah', 'Hi Sarah');
    h.standin.failNext(10, 429);
    await h.startDispatcher({ maxRetries: 2 });
    await eventually(async () => expect((await h.state('sarah')).messages.get(id)!.status).toBe('failed'));
    const failed = (await h.store.readStream('student-d1/sarah')).find((e) => e.type === 'SmsFailed')!;
    expect(failed.data).toMatchObject({
      errorCode: '20429',
      reason: expect.stringMatching(/Gave up after 3 attempts/),
    });
    expect(h.standin.createRequests).toHaveLength(3);
  });

  it('an invalid number (21211) fails the text and flags the number; 21610 records a carrier opt-out', async () => {
    h.standin.invalidNumbers.add('+12015550177');
    h.standin.unsubscribedNumbers.add('+12015550123');
    const toTim = await h.text('tim', 'Hi Tim');
    const toSarah = await h.text('sarah', 'Hi Sarah');
    await h.startDispatcher();
    await eventually(async () => {
      expect((await h.state('tim')).messages.get(toTim)!.status).toBe('failed');
      expect((await h.state('sarah')).optedOut).toBe(true);
    });
    expect(await types(h, 'tim')).toEqual(expect.arrayContaining(['SmsFailed', 'SmsNumberFlaggedInvalid']));
    expect((await h.state('tim')).numberFlaggedInvalid).toBe('+12015550177');
    expect((await h.state('sarah')).messages.get(toSarah)!.status).toBe('failed');
    const optOut = (await h.store.readStream('student-d1/sarah')).find((e) => e.type === 'SmsOptedOut')!;
    expect(optOut.data).toMatchObject({ requestedBy: 'carrier' });
  });

  it('keeps a scheduled text across a restart (the checkpoint never passes it) and sends it once when due', async () => {
    h.clock.set('2026-09-02T04:30:00Z'); // 22:30 in Denver
    const id = await h.text('sarah', 'Hi Sarah, study session tomorrow at 1:00');
    expect((await h.state('sarah')).delivery.get(id)!.scheduledFor).toBe('2026-09-02T14:00:00.000Z');
    const { dispatcher } = await h.startDispatcher();
    await h.text('tim', 'Hi Tim, see you tomorrow'); // later texts are also scheduled; the log moves on
    await new Promise((r) => setTimeout(r, 150));
    await dispatcher.stop();
    expect(h.standin.messages()).toHaveLength(0);
    await h.startDispatcher();
    h.clock.set('2026-09-02T14:00:01Z');
    await eventually(async () => expect((await h.state('sarah')).messages.get(id)!.status).toBe('sent'));
    await eventually(async () => expect(h.standin.messages()).toHaveLength(2));
  });

  it('never sends a cancelled text', async () => {
    h.clock.set('2026-09-02T04:30:00Z');
    const id = await h.text('sarah', 'Hi Sarah, cancelled later');
    await h.startDispatcher();
    await h.api.run(
      { districtId: 'd1', studentId: 'sarah' },
      { type: 'CancelScheduledSms', data: { messageId: id } },
      { actor: { id: 't-bell', role: 'teacher', districtId: 'd1' }, correlationId: 'c1' },
    );
    h.clock.set('2026-09-02T14:00:01Z');
    await new Promise((r) => setTimeout(r, 200));
    expect(h.standin.messages()).toHaveLength(0);
    expect((await h.state('sarah')).messages.get(id)!.status).toBe('cancelled');
  });

  it("resends after an undelivered 30003 (handset unreachable), ignoring the old copy's late reports", async () => {
    h.standin.undeliverable.set('+12015550123', 30003);
    const id = await h.text('sarah', 'Hi Sarah');
    const { reports } = await h.startDispatcher();
    await eventually(async () => expect((await h.state('sarah')).messages.get(id)!.status).toBe('sent'));
    const first = h.standin.messages()[0]!;
    h.standin.undeliverable.delete('+12015550123');
    const undelivered = twilioDeliveryState('undelivered', '30003');
    const report = {
      studentId: 'sarah',
      districtId: 'd1',
      messageId: id,
      providerMessageId: first.sid,
      status: undelivered.status!,
      errorCode: '30003',
      reason: undelivered.reason,
      failureKind: undelivered.failureKind!,
    };
    await reports.deliveryStatus(report);
    await reports.deliveryStatus(report); // Twilio repeats itself: recorded once
    await eventually(async () => expect(h.standin.messages()).toHaveLength(2));
    await eventually(async () =>
      expect((await h.state('sarah')).messages.get(id)).toMatchObject({
        status: 'sent',
        providerMessageId: h.standin.messages()[1]!.sid,
      }),
    );
    const { failureKind: _kind, ...late } = report;
    await reports.deliveryStatus({ ...late, status: 'delivered', errorCode: null, reason: null }); // the old copy, late
    expect((await h.state('sarah')).messages.get(id)!.status).toBe('sent');
    expect((await types(h, 'sarah')).filter((t) => t === 'SmsRetryScheduled')).toHaveLength(1);
  });

  it('skips a report the same copy already reached without reading, and a stale view never hides one the stream needs', async () => {
    h.standin.undeliverable.set('+12015550123', 30003);
    const id = await h.text('sarah', 'Hi Sarah');
    // Process A sends the first copy, P, then stops dispatching; its reports handler (and its view of Sarah) stay.
    const a = await h.startDispatcher();
    await eventually(async () => expect((await h.state('sarah')).messages.get(id)!.status).toBe('sent'));
    await a.dispatcher.stop();
    const p = h.standin.messages()[0]!.sid;
    h.standin.undeliverable.delete('+12015550123');
    // Process B learns P was undelivered and resends: copy Q. A's view still says "sent, P".
    const b = await h.startDispatcher();
    const undelivered = twilioDeliveryState('undelivered', '30003');
    await b.reports.deliveryStatus({
      studentId: 'sarah',
      districtId: 'd1',
      messageId: id,
      providerMessageId: p,
      status: undelivered.status!,
      errorCode: '30003',
      reason: undelivered.reason,
      failureKind: undelivered.failureKind!,
    });
    await eventually(async () => expect(h.standin.messages()).toHaveLength(2));
    const q = h.standin.messages()[1]!.sid;
    await eventually(async () =>
      expect((await h.state('sarah')).messages.get(id)).toMatchObject({ status: 'sent', providerMessageId: q }),
    );
    const before = await types(h, 'sarah');
    const reads = jest.spyOn(h.store, 'readStream');
    const report = (providerMessageId: string, status: 'sent' | 'delivered') =>
      a.reports.deliveryStatus({
        studentId: 'sarah',
        districtId: 'd1',
        messageId: id,
        providerMessageId,
        status,
        errorCode: null,
        reason: null,
      });

    await report(p, 'sent'); // a repeat of a step P had reached in A's view: no read, no command
    expect(reads).not.toHaveBeenCalled();
    await report(p, 'delivered'); // past A's view: read; P was replaced, so nothing is recorded
    expect(reads).toHaveBeenCalled();
    expect(await types(h, 'sarah')).toEqual(before);
    await report(q, 'delivered'); // the copy in service: recorded
    await report(q, 'delivered'); // Twilio repeats itself: skipped on A's view, now current
    const after = await types(h, 'sarah');
    expect(after.slice(before.length)).toEqual(['SmsDelivered']);
    expect((await h.state('sarah')).messages.get(id)).toMatchObject({ status: 'delivered', providerMessageId: q });
  });
});
