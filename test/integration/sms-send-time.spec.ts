import { SetDistrictSmsPolicyCommand } from '../../src/application/districts/set-district-sms-policy/set-district-sms-policy.command';
import { SetDistrictSmsPolicyHandler } from '../../src/application/districts/set-district-sms-policy/set-district-sms-policy.handler';
import type { Actor } from '../../src/domain/shared/actor';
import { uuidGenerator } from '../../src/infrastructure/clock/system-clock';
import { DispatcherHarness } from '../support/dispatcher-harness';
import { eventually } from '../support/test-app';

const system: Actor = { id: 'system:sms-inbound', role: 'system', districtId: 'd1' };
const registrar: Actor = { id: 'r1', role: 'registrar', districtId: 'd1', initials: 'R.Reg' };
const env = (actor: Actor) => ({ actor, correlationId: uuidGenerator.next() });

/** The real dispatcher, the Twilio adapter and its stand-in: what was true when a text was queued is not what decides. */
describe('the decision to send is made at the moment of sending', () => {
  let h: DispatcherHarness;
  beforeEach(async () => {
    h = await DispatcherHarness.create();
    await h.student('sarah', '+12015550123');
  });
  afterEach(async () => {
    await h.close();
  });

  const scheduleForTomorrow = async (): Promise<string> => {
    h.clock.set('2026-09-02T04:30:00Z'); // 22:30 in Denver: waits for 8:00
    return h.text('sarah', 'Hi Sarah, study session tomorrow at 1:00 - Mrs. Bell');
  };
  const morning = () => h.clock.set('2026-09-02T14:00:01Z');

  it('a text scheduled before the student texted STOP is cancelled with the reason, never sent', async () => {
    const id = await scheduleForTomorrow();
    await h.startDispatcher();
    await h.api.run(
      { districtId: 'd1', studentId: 'sarah' },
      {
        type: 'RecordInboundSms',
        data: {
          messageId: 'in1',
          body: 'STOP',
          channel: 'sms',
          providerMessageId: 'SM-in-1',
          staffId: null,
          receivedOn: null,
        },
      },
      env(system),
    );
    morning();
    await eventually(async () => expect((await h.state('sarah')).messages.get(id)!.status).toBe('cancelled'));
    const cancelled = (await h.store.readStream('student-d1/sarah')).find((e) => e.type === 'SmsCancelled')!;
    expect(cancelled.data).toMatchObject({
      reason: 'opted_out',
      explanation: expect.stringMatching(
        /^Not sent: the student or family asked for no texts \(checked Wed, Sep 2, 8:00 AM MDT/,
      ),
    });
    expect(h.standin.messages().filter((m) => m.body.includes('study session'))).toHaveLength(0);
  });

  it('STOP is confirmed once, from the number the student texted, after which nothing else goes; HELP is answered', async () => {
    await h.startDispatcher();
    const inbound = (body: string, n: number) =>
      h.api.run(
        { districtId: 'd1', studentId: 'sarah' },
        {
          type: 'RecordInboundSms',
          data: {
            messageId: `in${n}`,
            body,
            channel: 'sms',
            providerMessageId: `SM-in-${n}`,
            staffId: null,
            receivedOn: '+12015550100',
          },
        },
        env(system),
      );
    await h.text('sarah', 'Hi Sarah, are you able to log on today? - Mrs. Bell');
    await eventually(async () => expect(h.standin.messages()).toHaveLength(1));
    await inbound('HELP', 1);
    await eventually(async () => expect(h.standin.messages()).toHaveLength(2));
    expect(h.standin.messages()[1]).toMatchObject({
      to: '+12015550123',
      from: '+12015550100',
      body: expect.stringContaining('Msg & data rates may apply'),
    });
    h.clock.set('2026-09-02T04:30:00Z'); // 22:30: quiet hours do not hold back an answer
    const later = await h.text('sarah', 'Hi Sarah, see you tomorrow - Mrs. Bell');
    await inbound('STOP', 2);
    await eventually(async () => expect(h.standin.messages()).toHaveLength(3));
    expect(h.standin.messages()[2]).toMatchObject({
      to: '+12015550123',
      from: '+12015550100',
      body: expect.stringContaining('you are unsubscribed'),
    });
    morning();
    await eventually(async () => expect((await h.state('sarah')).messages.get(later)!.status).toBe('cancelled'));
    await new Promise((r) => setTimeout(r, 100));
    expect(h.standin.messages()).toHaveLength(3);
  });

  it('a text queued before the registrar changed the number goes to the new number, named by the attempt', async () => {
    const id = await scheduleForTomorrow();
    await h.api.run(
      { districtId: 'd1', studentId: 'sarah' },
      { type: 'UpdateContact', data: { changes: { smsNumber: '+12015550999' }, reason: 'Family changed phones' } },
      env(registrar),
    );
    await h.startDispatcher();
    morning();
    await eventually(async () => expect((await h.state('sarah')).messages.get(id)!.status).toBe('sent'));
    expect(h.standin.messages().map((m) => m.to)).toEqual(['+12015550999']);
    const attempt = (await h.store.readStream('student-d1/sarah')).find((e) => e.type === 'SmsSendAttempted')!;
    expect(attempt.data).toMatchObject({ to: '+12015550999' });
  });

  it('the district turning texting off cancels what waits; moving its quiet hours reschedules', async () => {
    const id = await scheduleForTomorrow();
    await h.startDispatcher();
    const setPolicy = (over: object) =>
      new SetDistrictSmsPolicyHandler(h.store, h.clock, uuidGenerator, h.api).execute(
        new SetDistrictSmsPolicyCommand(
          {
            districtId: 'd1',
            smsAllowed: true,
            timeZone: 'America/Denver',
            quietHours: { start: '08:00', end: '21:00' },
            allowedLinkHosts: [],
            ...over,
          },
          env({ id: 'adm', role: 'school_admin', districtId: 'd1' }),
        ),
      );
    await setPolicy({ quietHours: { start: '09:00', end: '21:00' } });
    morning(); // 8:00: quiet under the new policy
    await eventually(async () =>
      expect((await h.state('sarah')).delivery.get(id)!.scheduledFor).toBe('2026-09-02T15:00:00.000Z'),
    );
    expect(h.standin.messages()).toHaveLength(0);
    await setPolicy({ smsAllowed: false, quietHours: { start: '09:00', end: '21:00' } });
    h.clock.set('2026-09-02T15:00:01Z');
    await eventually(async () => expect((await h.state('sarah')).messages.get(id)!.status).toBe('cancelled'));
    expect((await h.store.readStream('student-d1/sarah')).find((e) => e.type === 'SmsCancelled')!.data).toMatchObject({
      reason: 'district_disabled',
    });
    expect(h.standin.messages()).toHaveLength(0);
  });
});
