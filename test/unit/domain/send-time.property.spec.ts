/**
 * Property test over interleavings (issue 12): queue, schedule, STOP, staff opt-out, START with a restored number,
 * contact change, district policy changes, enrollment end, time passing, and a dispatcher that sends one due text at
 * a time, the way SmsSendWorkflow does (ask the provider about an unfinished attempt, decide, send, record), crashing
 * after the attempt or after the provider took the text. The real deciders and evolve; the phone network is a Map.
 * Judged against an independent model of consent, not against the domain's own state:
 * no send without consent at that moment; no send to a number not on file at that moment; no text sent twice.
 */
import fc from 'fast-check';
import type { DistrictSmsPolicy } from '../../../src/domain/district/district.events';
import type { Actor } from '../../../src/domain/shared/actor';
import { DomainError } from '../../../src/domain/shared/domain-error';
import { nextAllowedTime } from '../../../src/domain/student/quiet-hours';
import type { StudentCommand } from '../../../src/domain/student/student.commands';
import { decideStudent } from '../../../src/domain/student/student.decide';
import type { StudentEvent } from '../../../src/domain/student/student.events';
import { evolveStudent, initialStudentState, type StudentState } from '../../../src/domain/student/student.state';
import { enrolled, policy, registered, registrar, system, teacher } from './student-spec.helper';

const NUMBERS = ['+12015550123', '+12015550456', '+12015550789'];
const QUIET = [
  { start: '08:00', end: '21:00' },
  { start: '12:00', end: '20:00' },
  { start: '06:00', end: '23:00' },
];
const parent: Actor = { ...teacher(), role: 'registrar', id: 'r2' };

type Step =
  | { k: 'queue'; laterMin: number | null }
  | { k: 'stop' }
  | { k: 'text'; body: 'HELP' | 'Ok thanks' }
  | { k: 'staffOptOut' }
  | { k: 'start'; number: number }
  | { k: 'contact'; number: number | null }
  | { k: 'policy'; smsAllowed: boolean; quiet: number }
  | { k: 'endEnrollment' }
  | { k: 'advance'; minutes: number }
  | { k: 'dispatch'; crash: 'none' | 'after_attempt' | 'after_send' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({ k: fc.constant('queue' as const), laterMin: fc.option(fc.integer({ min: 1, max: 900 })) }),
    weight: 4,
  },
  fc.constant({ k: 'stop' as const }),
  fc.record({ k: fc.constant('text' as const), body: fc.constantFrom('HELP' as const, 'Ok thanks' as const) }),
  fc.constant({ k: 'staffOptOut' as const }),
  fc.record({ k: fc.constant('start' as const), number: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ k: fc.constant('contact' as const), number: fc.option(fc.integer({ min: 0, max: 2 })) }),
  fc.record({ k: fc.constant('policy' as const), smsAllowed: fc.boolean(), quiet: fc.integer({ min: 0, max: 2 }) }),
  { arbitrary: fc.constant({ k: 'endEnrollment' as const }), weight: 1 },
  {
    arbitrary: fc.record({ k: fc.constant('advance' as const), minutes: fc.integer({ min: 1, max: 720 }) }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      k: fc.constant('dispatch' as const),
      crash: fc.constantFrom('none' as const, 'after_attempt' as const, 'after_send' as const),
    }),
    weight: 6,
  },
);

class World {
  state: StudentState = initialStudentState();
  now = new Date('2026-09-01T16:00:00Z');
  district: DistrictSmsPolicy = policy();
  /** The phone network: message id -> the number it went to. */
  readonly network = new Map<string, string>();
  /** The model of consent, kept from the steps alone. */
  readonly model = {
    number: NUMBERS[0] as string | null,
    optedOut: false,
    active: true,
    stoppedFrom: new Set<string>(),
  };
  private seq = 0;

  constructor() {
    for (const e of [registered({ smsNumber: NUMBERS[0] }), enrolled()]) evolveStudent(this.state, e);
  }

  /** Runs a command as the runner would; a refusal changes nothing. */
  run(command: StudentCommand, actor: Actor): StudentEvent[] {
    let events: StudentEvent[];
    try {
      events = decideStudent(command, this.state, { actor, now: this.now, district: this.district });
    } catch (error) {
      if (error instanceof DomainError) return [];
      throw error;
    }
    for (const e of events) evolveStudent(this.state, e);
    return events;
  }

  apply(s: Step): void {
    const m = this.model;
    const id = `x${++this.seq}`;
    switch (s.k) {
      case 'queue': {
        const sendAt = s.laterMin === null ? null : new Date(this.now.getTime() + s.laterMin * 60_000).toISOString();
        this.run(
          {
            type: 'SendSms',
            data: {
              messageId: id,
              enrollmentId: null,
              body: 'Hi Sarah, study session at 1:00 - Mrs. Bell',
              idempotencyKey: id,
              sendAt,
            },
          },
          teacher(),
        );
        return;
      }
      case 'stop': {
        const from = m.number;
        if (this.inbound(id, 'STOP')) Object.assign(m, { optedOut: true, number: null });
        if (from && m.optedOut) m.stoppedFrom.add(from);
        return;
      }
      case 'text':
        this.inbound(id, s.body);
        return;
      case 'staffOptOut':
        if (this.run({ type: 'OptOut', data: { requestedBy: 'parent' } }, parent).length)
          Object.assign(m, { optedOut: true, number: null });
        return;
      case 'start':
        this.contact(NUMBERS[s.number]!);
        if (this.inbound(id, 'START')) m.optedOut = false;
        return;
      case 'contact':
        this.contact(s.number === null ? null : NUMBERS[s.number]!);
        return;
      case 'policy':
        this.district = policy({ smsAllowed: s.smsAllowed, quietHours: QUIET[s.quiet]! });
        return;
      case 'endEnrollment':
        if (
          this.run(
            { type: 'EndEnrollment', data: { enrollmentId: 'e1', endedOn: '2026-09-02', reason: null } },
            { id: 'sis', role: 'sis', districtId: 'd1' },
          ).length
        )
          m.active = false;
        return;
      case 'advance':
        this.now = new Date(this.now.getTime() + s.minutes * 60_000);
        return;
      case 'dispatch':
        this.dispatch(s.crash);
        return;
    }
  }

  private inbound(id: string, body: string): boolean {
    if (!this.model.number) return false; // the text would not reach this student's stream
    return (
      this.run(
        {
          type: 'RecordInboundSms',
          data: { messageId: id, body, channel: 'sms', providerMessageId: `SM${id}`, staffId: null, receivedOn: null },
        },
        system,
      ).length > 0
    );
  }

  private contact(smsNumber: string | null): void {
    if (this.run({ type: 'UpdateContact', data: { changes: { smsNumber }, reason: null } }, registrar).length === 0)
      return;
    this.model.number = smsNumber;
    // The school putting a number (back) on file is the family asking for texts again.
    if (smsNumber) this.model.optedOut = false;
  }

  /** One due text, as SmsSendWorkflow.run does it. */
  private dispatch(crash: 'none' | 'after_attempt' | 'after_send'): void {
    const now = this.now.getTime();
    const due = [...this.state.messages.values()].find((msg) => {
      const d = this.state.delivery.get(msg.messageId)!;
      return (
        msg.status === 'queued' &&
        Math.max(
          Date.parse(d.scheduledFor ?? '1970-01-01T00:00:00Z'),
          Date.parse(d.retryAt ?? '1970-01-01T00:00:00Z'),
        ) <= now
      );
    });
    if (!due) return;
    const messageId = due.messageId;
    const status = (providerMessageId: string) => ({
      type: 'RecordDeliveryStatus' as const,
      data: { messageId, status: 'sent' as const, providerMessageId, reason: null, errorCode: null },
    });
    if (this.state.delivery.get(messageId)!.awaitingResult && this.network.has(messageId)) {
      this.run(status(`SM-${messageId}`), system);
      return;
    }
    const [decided] = this.run({ type: 'RecordSendAttempt', data: { messageId } }, system);
    if (decided?.type !== 'SmsSendAttempted' || crash === 'after_attempt') return;
    const to = decided.data.to!;
    const m = this.model;
    const reply = this.state.delivery.get(messageId)!.reply;
    // The three promises, judged against the model at this moment. The STOP confirmation is the one text allowed
    // after an opt-out (to the number that texted STOP); other answers need consent and the number on file, not the
    // quiet hours (the student just wrote).
    if (reply === 'stop') expect(m.stoppedFrom.has(to)).toBe(true);
    else if (reply) expect({ consent: !m.optedOut, to }).toEqual({ consent: true, to: m.number });
    else {
      expect({ consent: this.district.smsAllowed && !m.optedOut && m.active, to }).toEqual({
        consent: true,
        to: m.number,
      });
      expect(nextAllowedTime(this.now, 'America/Denver', this.district.quietHours).getTime()).toBe(now);
    }
    expect(this.network.has(messageId)).toBe(false);
    this.network.set(messageId, to);
    if (crash === 'none') this.run(status(`SM-${messageId}`), system);
  }
}

describe('the decision to send, over generated interleavings', () => {
  it('never sends without consent, never to a number not on file, never twice', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const world = new World();
        for (const s of steps) world.apply(s);
        // Every text ends in one place: sent once, cancelled, or still waiting; never on the network twice (a Map).
        for (const msg of world.state.messages.values()) {
          if (msg.status === 'sent') expect(world.network.has(msg.messageId)).toBe(true);
          if (msg.status === 'cancelled') expect(world.network.has(msg.messageId)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('sends texts that were queued under consent, and cancels them once consent is gone (the generator reaches both)', () => {
    const world = new World();
    const steps = [
      { k: 'queue', laterMin: null },
      { k: 'queue', laterMin: 60 },
      { k: 'dispatch', crash: 'none' },
      { k: 'stop' },
      { k: 'advance', minutes: 61 },
      { k: 'dispatch', crash: 'none' },
      { k: 'dispatch', crash: 'none' },
    ];
    for (const s of steps as Step[]) world.apply(s);
    // The two texts, then the STOP confirmation (the one text after the opt-out), to the number that texted STOP.
    expect(
      [...world.state.messages.values()].map((m) => [m.status, world.state.delivery.get(m.messageId)!.reply ?? 'text']),
    ).toEqual([
      ['sent', 'text'],
      ['cancelled', 'text'],
      ['sent', 'stop'],
    ]);
    expect([...world.network.values()]).toEqual([NUMBERS[0], NUMBERS[0]]);
  });
});
