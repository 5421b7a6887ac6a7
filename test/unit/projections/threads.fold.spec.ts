import { foldThreads, type ThreadsRows } from '../../../src/projections/messaging/threads.fold';
import { threadKey, type MessageRow, type ThreadRow } from '../../../src/projections/messaging/threads.rows';
import { given, type Given } from './given';

const none: ThreadsRows = { messages: new Map(), threads: new Map() };
const queued = (id: string, staffId = 't1', at?: string): Given => [
  'student-a',
  'SmsQueued',
  {
    studentId: 'a',
    messageId: id,
    enrollmentId: 'e1',
    staffId,
    to: '+12015550101',
    body: 'Hi',
    idempotencyKey: id,
    scheduledFor: null,
  },
  { actor: staffId, name: 'Amy Bell', ...(at ? { at } : {}) },
];
const received = (id: string, staffId = 't1', at?: string): Given => [
  'student-a',
  'SmsReceived',
  {
    studentId: 'a',
    messageId: id,
    staffId,
    body: 'ok',
    channel: 'sms',
    providerMessageId: null,
    receivedOn: '+12015550190',
  },
  { actor: 'system', ...(at ? { at } : {}) },
];
const report = (type: string, id: string): Given => [
  'student-a',
  type,
  { studentId: 'a', messageId: id, providerMessageId: 'SM1', reason: 'carrier', errorCode: '30006' },
  { actor: 'system' },
];

describe('threads fold: given events, then rows', () => {
  it('a text and its reply: one thread, counted, with the staff member’s name and the last direction', () => {
    const out = foldThreads(
      none,
      given(queued('m1', 't1', '2026-09-01T15:00:00.000Z'), received('r1', 't1', '2026-09-01T16:00:00.000Z')),
    );
    expect(out.threads).toEqual([
      {
        student_id: 'a',
        staff_id: 't1',
        district_id: 'd1',
        message_count: 2,
        last_message_at: '2026-09-01T16:00:00.000Z',
        last_direction: 'inbound',
        staff_name: 'Amy Bell',
      },
    ]);
    expect(out.messages.map((m) => [m.message_id, m.direction, m.status, m.received_on])).toEqual([
      ['m1', 'outbound', 'queued', null],
      ['r1', 'inbound', 'received', '+12015550190'],
    ]);
  });

  it('status moves forward only, in the domain’s order: a late "sent" after "delivered" changes nothing; nothing after a final status', () => {
    const out = foldThreads(
      none,
      given(queued('m1'), report('SmsDelivered', 'm1'), report('SmsSent', 'm1'), report('SmsFailed', 'm1'), [
        'student-a',
        'SmsCancelled',
        { studentId: 'a', messageId: 'm1', scheduledFor: null, reason: 'opted_out', explanation: 'Not sent' },
        { actor: 'system' },
      ]),
    );
    expect(out.messages).toEqual([
      expect.objectContaining({ status: 'delivered', provider_message_id: 'SM1', failure_reason: null }),
    ]);
  });

  it('a cancelled text shows why; a retry shows "retrying" with its reason', () => {
    const out = foldThreads(
      none,
      given(
        queued('m1'),
        queued('m2'),
        report('SmsSent', 'm2'),
        [
          'student-a',
          'SmsCancelled',
          {
            studentId: 'a',
            messageId: 'm1',
            scheduledFor: null,
            reason: 'opted_out',
            explanation: 'Not sent: asked for no texts',
          },
          { actor: 'system' },
        ],
        [
          'student-a',
          'SmsRetryScheduled',
          {
            studentId: 'a',
            messageId: 'm2',
            attempt: 2,
            reason: 'busy',
            errorCode: '20429',
            retryAt: '2026-09-01T17:00:00.000Z',
          },
          { actor: 'system' },
        ],
      ),
    );
    expect(out.messages.map((m) => [m.status, m.failure_reason, m.error_code])).toEqual([
      ['cancelled', 'Not sent: asked for no texts', 'opted_out'],
      ['retrying', 'busy', '20429'],
    ]);
  });

  it('a thread keeps its greatest time, whatever order the events come in', () => {
    const thread: ThreadRow = {
      student_id: 'a',
      staff_id: 't1',
      district_id: 'd1',
      message_count: 3,
      last_message_at: '2026-09-02 10:00:00.000001+00',
      last_direction: 'outbound',
      staff_name: null,
    };
    const out = foldThreads(
      { ...none, threads: new Map([[threadKey('d1', 'a', 't1'), thread]]) },
      given(received('r1', 't1', '2026-09-02T10:00:00.000Z')),
    );
    expect(out.threads).toEqual([{ ...thread, message_count: 4, last_direction: 'inbound' }]);
  });

  it('a reply moved by staff leaves the first thread (its count drops) and counts in the second, where it came from kept', () => {
    const reply: MessageRow = {
      message_id: 'r1',
      student_id: 'a',
      staff_id: 't1',
      district_id: 'd1',
      enrollment_id: null,
      direction: 'inbound',
      channel: 'sms',
      body: 'ok',
      status: 'received',
      failure_reason: null,
      error_code: null,
      provider_message_id: null,
      scheduled_for: null,
      flag: null,
      received_on: null,
      may_be_for_another_staff_member: true,
      moved_from_staff_id: null,
      created_at: '2026-09-01 15:00:00+00',
      status_at: '2026-09-01 15:00:00+00',
      position: '7',
    };
    const from: ThreadRow = {
      student_id: 'a',
      staff_id: 't1',
      district_id: 'd1',
      message_count: 2,
      last_message_at: '2026-09-01 15:00:00+00',
      last_direction: 'inbound',
      staff_name: null,
    };
    const move: Given = [
      'student-a',
      'InboundSmsMoved',
      { studentId: 'a', messageId: 'r1', fromStaffId: 't1', toStaffId: 't2', reason: null },
      { actor: 't1', at: '2026-09-03T09:00:00.000Z' },
    ];
    const rows: ThreadsRows = {
      messages: new Map([['r1', reply]]),
      threads: new Map([[threadKey('d1', 'a', 't1'), from]]),
    };
    const out = foldThreads(rows, given(move, move));
    expect(out.messages).toEqual([
      { ...reply, staff_id: 't2', moved_from_staff_id: 't1', may_be_for_another_staff_member: false },
    ]);
    expect(out.threads).toEqual([
      { ...from, message_count: 1 },
      {
        student_id: 'a',
        staff_id: 't2',
        district_id: 'd1',
        message_count: 1,
        last_message_at: '2026-09-03T09:00:00.000Z',
        last_direction: 'inbound',
        staff_name: null,
      },
    ]);
    expect(reply.staff_id).toBe('t1');
  });

  it('texts shown in nobody’s thread: the first with an id is kept; an automatic answer shows only in a thread', () => {
    const out = foldThreads(
      none,
      given(
        [
          'student-a',
          'InboundSmsUnrouted',
          { studentId: 'a', messageId: 'u1', body: 'hey', reason: 'no_thread', providerMessageId: null },
          { actor: 'system' },
        ],
        [
          'inbound-unmatched-2026-09-01',
          'InboundSmsUnmatched',
          {
            messageId: 'u1',
            districtId: 'd2',
            from: '+12015550999',
            to: null,
            body: 'who?',
            providerMessageId: 'SM',
            reason: 'unknown_number',
          },
          { actor: 'system' },
        ],
        [
          'student-a',
          'KeywordReplyQueued',
          {
            studentId: 'a',
            messageId: 'k1',
            inReplyTo: 'u1',
            kind: 'help',
            to: '+1',
            from: null,
            body: 'Help text',
            staffId: null,
            day: '2026-09-01',
          },
          { actor: 'system' },
        ],
      ),
    );
    expect(out.unrouted).toEqual([
      expect.objectContaining({
        message_id: 'u1',
        student_id: 'a',
        district_id: 'd1',
        from_number: null,
        reason: 'no_thread',
      }),
    ]);
    expect(out.messages).toEqual([]);
  });
});
