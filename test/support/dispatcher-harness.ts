import type { CommandBus } from '@nestjs/cqrs';
import {
  DEFAULT_DISPATCH_OPTIONS,
  type DispatchProbe,
  type SmsDispatchOptions,
} from '../../src/application/delivery/dispatch-sms/dispatch-options';
import { SmsFailureReactions } from '../../src/application/delivery/dispatch-sms/failure-reactions';
import { SmsDispatcher } from '../../src/application/delivery/dispatch-sms/sms-dispatcher';
import { SmsReportsHandler } from '../../src/application/delivery/dispatch-sms/sms-reports.handler';
import type { CheckpointStore } from '../../src/application/ports/checkpoint-store.port';
import type { OutboundSms, SmsGateway } from '../../src/application/ports/sms-gateway.port';
import { SetDistrictSmsPolicyCommand } from '../../src/application/districts/set-district-sms-policy/set-district-sms-policy.command';
import { SetDistrictSmsPolicyHandler } from '../../src/application/districts/set-district-sms-policy/set-district-sms-policy.handler';
import { StudentCommandRunner } from '../../src/application/shared/student-command-runner';
import type { Actor } from '../../src/domain/shared/actor';
import type { StudentState } from '../../src/domain/student/student.state';
import { uuidGenerator } from '../../src/infrastructure/clock/system-clock';
import { InMemoryEventStore } from '../../src/infrastructure/event-store/in-memory/in-memory-event-store';
import { TwilioSmsGateway } from '../../src/infrastructure/sms/twilio/twilio-sms.gateway';
import { TestClock } from './test-clock';
import { ACCOUNT_SID, AUTH_TOKEN, twilioConfigFor } from './twilio-standin/twilio-standin.config';
import { TwilioStandin } from './twilio-standin/twilio-standin.server';

/** Checkpoints in memory, with the PostgreSQL store's rule that a checkpoint never moves back. */
export class MemoryCheckpoints implements CheckpointStore {
  private readonly positions = new Map<string, bigint>();
  async load(name: string): Promise<bigint | undefined> {
    return this.positions.get(name);
  }
  async save(name: string, position: bigint): Promise<void> {
    const current = this.positions.get(name);
    if (current === undefined || position > current) this.positions.set(name, position);
  }
}

const sis: Actor = { id: 'sis', role: 'sis', districtId: 'd1' };
const bell: Actor = { id: 't-bell', role: 'teacher', districtId: 'd1', initials: 'A.Bell', name: 'Amy Bell' };
const env = (actor: Actor) => ({ actor, correlationId: uuidGenerator.next() });

/**
 * What survives a crash (the event store, the checkpoints, Twilio and its memory of messages) and what does not
 * (a dispatcher process: its runner cache, queue and timers). `startDispatcher` is "a new process".
 */
export class DispatcherHarness {
  readonly store = new InMemoryEventStore();
  readonly checkpoints = new MemoryCheckpoints();
  /** 10:00 in Denver: inside quiet hours' allowed window. */
  readonly clock = new TestClock(new Date('2026-09-01T16:00:00Z'));
  /** The API process: registers students and queues texts. */
  readonly api = new StudentCommandRunner(this.store, this.clock, uuidGenerator);
  /** Every send as the dispatcher started it (performance.now()), for the rate-limit check. */
  readonly sendStarts: { at: number; sms: OutboundSms }[] = [];
  private readonly running: SmsDispatcher[] = [];

  private constructor(readonly standin: TwilioStandin) {}

  static async create(): Promise<DispatcherHarness> {
    const h = new DispatcherHarness(await TwilioStandin.start({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }));
    h.standin.callbackMode = 'none';
    const policy = {
      districtId: 'd1',
      smsAllowed: true,
      timeZone: 'America/Denver',
      quietHours: { start: '08:00', end: '21:00' },
      allowedLinkHosts: [],
    };
    await new SetDistrictSmsPolicyHandler(h.store, h.clock, uuidGenerator, h.api).execute(
      new SetDistrictSmsPolicyCommand(policy, env({ id: 'adm', role: 'school_admin', districtId: 'd1' })),
    );
    return h;
  }

  async student(studentId: string, smsNumber: string): Promise<void> {
    await this.api.run(
      { districtId: 'd1', studentId },
      {
        type: 'RegisterStudent',
        data: {
          studentId,
          districtId: 'd1',
          firstName: studentId,
          lastName: 'Jones',
          preferredName: null,
          dateOfBirth: null,
          address: null,
          username: null,
          smsNumber,
          timeZone: null,
          listedContacts: [],
        },
      },
      env(sis),
    );
    await this.api.run(
      { districtId: 'd1', studentId },
      {
        type: 'StartEnrollment',
        data: {
          enrollmentId: `e-${studentId}`,
          courseId: 'ela',
          courseName: 'ELA 9',
          teacherId: 't-bell',
          teacherName: 'Amy Bell',
          startedOn: '2026-08-24',
        },
      },
      env(sis),
    );
  }

  /** Mrs. Bell texts the student; returns the message id. */
  async text(studentId: string, body: string, sendAt?: string): Promise<string> {
    const messageId = uuidGenerator.next();
    await this.api.run(
      { districtId: 'd1', studentId },
      {
        type: 'SendSms',
        data: {
          messageId,
          enrollmentId: null,
          body,
          idempotencyKey: `key-${messageId}`,
          ...(sendAt ? { sendAt } : {}),
        },
      },
      env(bell),
    );
    return messageId;
  }

  /** A fresh read of the student (a new runner: no cache shared with any dispatcher). */
  async state(studentId: string): Promise<StudentState> {
    return (await new StudentCommandRunner(this.store, this.clock, uuidGenerator).read({ districtId: 'd1', studentId }))
      .state;
  }

  /** A new dispatcher process over the same store, checkpoints and Twilio. */
  async startDispatcher(
    over: Partial<SmsDispatchOptions> = {},
    probe?: DispatchProbe,
  ): Promise<{ dispatcher: SmsDispatcher; reports: SmsReportsHandler }> {
    const options: SmsDispatchOptions = {
      ...DEFAULT_DISPATCH_OPTIONS,
      ratePerSecond: 50,
      retryBaseMs: 20,
      tickMs: 20,
      ...over,
    };
    const runner = new StudentCommandRunner(this.store, this.clock, uuidGenerator);
    const reactions = new SmsFailureReactions(runner, this.clock, options);
    const twilio = new TwilioSmsGateway(twilioConfigFor(this.standin), 2_000);
    const gateway: SmsGateway = {
      name: twilio.name,
      send: (sms) => {
        this.sendStarts.push({ at: performance.now(), sms });
        return twilio.send(sms);
      },
      findByMessageId: (id, hint) => twilio.findByMessageId(id, hint),
      statusOf: (sid) => twilio.statusOf(sid),
    };
    const dispatcher = new SmsDispatcher(
      this.store,
      this.checkpoints,
      gateway,
      runner,
      reactions,
      this.clock,
      options,
      probe,
    );
    await dispatcher.start();
    this.running.push(dispatcher);
    // The webhook's path into the application (no HTTP here); inbound is not used by these tests.
    const reports = new SmsReportsHandler(runner, undefined as unknown as CommandBus, uuidGenerator, 'd1', reactions);
    return { dispatcher, reports };
  }

  /** How many copies of each body reached Twilio. */
  copiesByBody(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.standin.messages()) counts.set(m.body, (counts.get(m.body) ?? 0) + 1);
    return counts;
  }

  async close(): Promise<void> {
    for (const d of this.running) await d.stop();
    await this.standin.close();
    await this.store.close();
  }
}
