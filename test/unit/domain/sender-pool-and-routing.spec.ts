import { DomainError } from '../../../src/domain/shared/domain-error';
import type { Actor } from '../../../src/domain/shared/actor';
import type { StudentCommand } from '../../../src/domain/student/student.commands';
import { decideStudent } from '../../../src/domain/student/student.decide';
import type { StudentEvent } from '../../../src/domain/student/student.events';
import { foldStudent } from '../../../src/domain/student/student.state';
import {
  enrolled,
  given,
  NOW,
  policy,
  registered,
  registrar,
  STUDENT,
  studentActor,
  system,
  teacher,
} from './student-spec.helper';

const POOL = ['+12015550190', '+12015550191', '+12015550192'];
const send = (messageId: string) => ({
  type: 'SendSms' as const,
  data: {
    messageId,
    enrollmentId: null,
    body: 'Hi Sarah, this is your teacher. Are you able to log on today?',
    idempotencyKey: `k-${messageId}`,
  },
});
const decide = (history: StudentEvent[], command: StudentCommand, actor: Actor, pool: readonly string[] = POOL) =>
  decideStudent(command, foldStudent(history), { actor, now: NOW, district: policy(), senderPool: pool });
/** Each teacher's text, as decided, folded into the history one after the other. */
function texts(history: StudentEvent[], teachers: string[], pool: readonly string[] = POOL): StudentEvent[] {
  const all = [...history];
  for (const t of teachers) all.push(...decide(all, send(`m-${t}-${all.length}`), teacher(t), pool));
  return all;
}
const fromOf = (events: StudentEvent[], staffId: string) =>
  events
    .filter((e) => e.type === 'SmsQueued' && e.data.staffId === staffId)
    .map((e) => (e.type === 'SmsQueued' ? e.data.from : undefined));
const sms = (receivedOn: string | null, messageId = 'in1') => ({
  type: 'RecordInboundSms' as const,
  data: {
    messageId,
    body: 'Yes I can log on today',
    channel: 'sms' as const,
    providerMessageId: `SM-${messageId}`,
    staffId: null,
    receivedOn,
  },
});
const received = (events: StudentEvent[]) => events.find((e) => e.type === 'SmsReceived')!.data;

const FIVE = [
  registered(),
  enrolled('e1', 't-bell'),
  enrolled('e2', 't-ruiz'),
  enrolled('e3', 't-ng'),
  enrolled('e4', 't-ode'),
];

describe('sender numbers: each (student, staff member) thread gets its own number from the pool', () => {
  it('gives two teachers of one student different numbers, and each thread keeps its number', () => {
    const h = texts(FIVE, ['t-bell', 't-ruiz', 't-bell', 't-ruiz']);
    expect(fromOf(h, 't-bell')).toEqual([POOL[0], POOL[0]]);
    expect(fromOf(h, 't-ruiz')).toEqual([POOL[1], POOL[1]]);
  });

  it('never lets two threads of one student share a number while the pool has a free one', () => {
    const h = texts(FIVE, ['t-bell', 't-ruiz', 't-ng']);
    expect(new Set([...fromOf(h, 't-bell'), ...fromOf(h, 't-ruiz'), ...fromOf(h, 't-ng')]).size).toBe(3);
  });

  it('once the pool is exhausted, shares the number fewest threads use (first in the pool on a tie)', () => {
    const h = texts(FIVE, ['t-bell', 't-ruiz', 't-ng', 't-ode']);
    expect(fromOf(h, 't-ode')).toEqual([POOL[0]]);
  });

  it("gives a thread a new number when its number left the pool; with no pool, none (the gateway's default)", () => {
    const h = texts(FIVE, ['t-bell']);
    expect(fromOf(texts(h, ['t-bell'], ['+12015550199']), 't-bell')).toEqual([POOL[0], '+12015550199']);
    const none = decide(FIVE, send('m1'), teacher('t-bell'), []);
    expect(none[0]!.type === 'SmsQueued' && 'from' in none[0]!.data).toBe(false);
  });

  it('is deterministic: the same stream and pool give the same number (replicas agree)', () => {
    const h = texts(FIVE, ['t-bell', 't-ruiz']);
    expect(decide(h, send('x'), teacher('t-ng'))).toEqual(decide(h, send('x'), teacher('t-ng')));
  });
});

describe("inbound routing by the pair (student's number, our number)", () => {
  const twoThreads = texts(FIVE, ['t-bell', 't-ruiz']);

  it('routes a reply to the thread whose number the student texted, even when the other teacher texted last', () => {
    expect(received(decide(twoThreads, sms(POOL[0]!), system))).toEqual({
      studentId: STUDENT,
      messageId: 'in1',
      staffId: 't-bell',
      body: 'Yes I can log on today',
      channel: 'sms',
      providerMessageId: 'SM-in1',
      receivedOn: POOL[0],
    });
    expect(received(decide(twoThreads, sms(POOL[1]!), system))).toMatchObject({ staffId: 't-ruiz' });
  });

  it('falls back to who texted last, flagged, when our number is unknown or not given', () => {
    expect(received(decide(twoThreads, sms('+12015550111'), system))).toMatchObject({
      staffId: 't-ruiz',
      mayBeForAnotherStaffMember: true,
    });
    expect(received(decide(twoThreads, sms(null), system))).toMatchObject({
      staffId: 't-ruiz',
      mayBeForAnotherStaffMember: true,
    });
  });

  it('among threads sharing a number (pool exhausted), picks the one texted last, flagged', () => {
    const four = texts(FIVE, ['t-bell', 't-ruiz', 't-ng', 't-ode', 't-ruiz']);
    // t-bell and t-ode share POOL[0]; t-ruiz texted last overall but has another number.
    expect(received(decide(four, sms(POOL[0]!), system))).toMatchObject({
      staffId: 't-ode',
      mayBeForAnotherStaffMember: true,
    });
    expect(received(decide(four, sms(POOL[1]!), system))).toEqual(
      expect.not.objectContaining({ mayBeForAnotherStaffMember: true }),
    );
  });

  it('does not flag a reply of a student with one thread, whatever number they texted', () => {
    const one = texts(FIVE, ['t-bell']);
    expect(received(decide(one, sms('+12015550111'), system))).toEqual(
      expect.not.objectContaining({ mayBeForAnotherStaffMember: true }),
    );
  });

  it('keeps a text from a student nobody has texted unrouted (teacher first)', () => {
    expect(decide(FIVE, sms(POOL[0]!), system)[0]!.type).toBe('InboundSmsUnrouted');
  });
});

describe('MoveInboundSms: a reply goes to the thread it was meant for', () => {
  const flagged = [
    ...texts(FIVE, ['t-bell', 't-ruiz']),
    ...decide(texts(FIVE, ['t-bell', 't-ruiz']), sms(null), system),
  ];
  const move = (toStaffId: string, reason: string | null = 'For Mrs. Bell') => ({
    type: 'MoveInboundSms' as const,
    data: { messageId: 'in1', toStaffId, reason },
  });
  const moved = {
    type: 'InboundSmsMoved',
    data: { studentId: STUDENT, messageId: 'in1', fromStaffId: 't-ruiz', toStaffId: 't-bell', reason: 'For Mrs. Bell' },
  };

  it('is recorded when the receiving teacher moves it, and the reply is then in the other thread', () => {
    given(...flagged)
      .when(move('t-bell'), teacher('t-ruiz'))
      .then([moved as StudentEvent]);
    expect(foldStudent([...flagged, moved as StudentEvent]).replyThreads.get('in1')).toBe('t-bell');
  });

  it('may be done by the school (registrar, school admin), and asked twice changes nothing', () => {
    given(...flagged)
      .when(move('t-bell'), registrar)
      .then([moved as StudentEvent]);
    given(...flagged, moved as StudentEvent)
      .when(move('t-bell'), teacher('t-ruiz'))
      .then([]);
    given(...flagged)
      .when(move('t-ruiz'), teacher('t-ruiz'))
      .then([]);
  });

  it('may go to a teacher of an active enrollment who has not texted yet; not to anyone else', () => {
    given(...flagged)
      .when(move('t-ng', null), teacher('t-ruiz'))
      .then([
        {
          type: 'InboundSmsMoved',
          data: { studentId: STUDENT, messageId: 'in1', fromStaffId: 't-ruiz', toStaffId: 't-ng', reason: null },
        },
      ]);
    given(...flagged)
      .when(move('t-stranger'), teacher('t-ruiz'))
      .thenError('MOVE_TARGET_NOT_SERVING_STUDENT', 'rule');
  });

  it('is refused to a teacher whose thread does not hold it, to other roles, across districts, and for unknown replies', () => {
    given(...flagged)
      .when(move('t-ng'), teacher('t-bell'))
      .thenError('NOT_HOLDER_OF_REPLY', 'forbidden');
    given(...flagged)
      .when(move('t-bell'), teacher('t-stranger'))
      .thenError('NOT_TEACHER_OF_STUDENT', 'forbidden');
    for (const actor of [studentActor, system, { ...registrar, role: 'compliance' as const }])
      given(...flagged)
        .when(move('t-bell'), actor)
        .thenError('FORBIDDEN_ROLE', 'forbidden');
    given(...flagged)
      .when(move('t-bell'), { ...registrar, districtId: 'd2' })
      .thenError('FORBIDDEN_DISTRICT');
    given(...flagged)
      .when({ ...move('t-bell'), data: { ...move('t-bell').data, messageId: 'nope' } }, registrar)
      .thenError('REPLY_NOT_FOUND', 'not_found');
    const e = given(...flagged)
      .when(move('t-bell', 'x'.repeat(501)), registrar)
      .thenError('MOVE_REASON_TOO_LONG', 'invalid');
    expect(e).toBeInstanceOf(DomainError);
  });

  it('does not start a thread: the target teacher still texts first before the student can text them', () => {
    const state = foldStudent([...flagged, { ...moved, data: { ...moved.data, toStaffId: 't-ng' } } as StudentEvent]);
    expect([...state.threadSenders.keys()]).toEqual(['t-bell', 't-ruiz']);
  });
});
