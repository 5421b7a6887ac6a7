import type { StudentEvent } from '../../../src/domain/student/student.events';
import { enrolled, given, queued, registered, STUDENT, studentActor, system, teacher } from './student-spec.helper';

const inbound = (
  over: Partial<{
    messageId: string;
    body: string;
    channel: 'sms' | 'portal';
    providerMessageId: string | null;
    staffId: string | null;
  }> = {},
) => ({
  type: 'RecordInboundSms' as const,
  data: {
    messageId: 'in1',
    body: 'Yes I can log on today',
    channel: 'sms' as const,
    providerMessageId: 'SM1',
    staffId: null,
    receivedOn: null,
    ...over,
  },
});
const status = (
  s: 'sent' | 'delivered' | 'failed',
  over: Partial<{ reason: string | null; errorCode: string | null }> = {},
) => ({
  type: 'RecordDeliveryStatus' as const,
  data: { messageId: 'm1', status: s, providerMessageId: 'SMx', reason: null, errorCode: null, ...over },
});

describe('RecordInboundSms (rule 3: teacher first)', () => {
  it('routes a reply that does not say which of our numbers it reached to who texted last, flagged (sender-pool-and-routing.spec.ts)', () => {
    given(
      registered(),
      enrolled('e1', 't-bell'),
      enrolled('e2', 't-ng'),
      queued('m1', 't-bell', 'e1'),
      queued('m2', 't-ng', 'e2'),
    )
      .when(inbound(), system)
      .then([
        {
          type: 'SmsReceived',
          data: {
            studentId: STUDENT,
            messageId: 'in1',
            staffId: 't-ng',
            body: 'Yes I can log on today',
            channel: 'sms',
            providerMessageId: 'SM1',
            mayBeForAnotherStaffMember: true,
          },
        },
      ]);
  });

  it("keeps a text from a student nobody has texted yet as unrouted (recorded, in nobody's thread)", () => {
    given(registered(), enrolled())
      .when(inbound(), system)
      .then([
        {
          type: 'InboundSmsUnrouted',
          data: {
            studentId: STUDENT,
            messageId: 'in1',
            body: 'Yes I can log on today',
            reason: 'no_thread',
            providerMessageId: 'SM1',
          },
        },
        expect.objectContaining({
          type: 'KeywordReplyQueued',
          data: expect.objectContaining({ kind: 'no_thread' }),
        }) as StudentEvent,
      ]);
  });

  it('records a provider message once, however often the provider retries it', () => {
    const received = given(registered(), enrolled(), queued()).when(inbound(), system).events();
    given(registered(), enrolled(), queued(), ...received)
      .when(inbound({ messageId: 'in2' }), system)
      .then([]);
  });

  it('lets the student answer in the portal, in the same thread, marked with its channel', () => {
    given(registered(), enrolled(), queued())
      .when(inbound({ channel: 'portal', providerMessageId: null, staffId: 't-bell' }), studentActor)
      .then([
        {
          type: 'SmsReceived',
          data: {
            studentId: STUDENT,
            messageId: 'in1',
            staffId: 't-bell',
            body: 'Yes I can log on today',
            channel: 'portal',
            providerMessageId: null,
          },
        },
      ]);
  });

  it('refuses a portal reply before any teacher started a thread, or into a thread that does not exist', () => {
    given(registered(), enrolled())
      .when(inbound({ channel: 'portal', providerMessageId: null }), studentActor)
      .thenError('NO_THREAD', 'rule');
    given(registered(), enrolled(), queued())
      .when(inbound({ channel: 'portal', providerMessageId: null, staffId: 't-other' }), studentActor)
      .thenError('NO_THREAD');
  });

  it('refuses a portal reply written as someone else, and a network text recorded by a person', () => {
    given(registered(), enrolled(), queued())
      .when(inbound({ channel: 'portal' }), { ...studentActor, id: 'other-student' })
      .thenError('FORBIDDEN_ROLE');
    given(registered(), enrolled(), queued()).when(inbound(), teacher()).thenError('FORBIDDEN_ROLE');
  });
});

describe('RecordDeliveryStatus (rule 8: delivery only moves forward, failures keep their reason)', () => {
  const sent = { type: 'SmsSent' as const, data: { studentId: STUDENT, messageId: 'm1', providerMessageId: 'SMx' } };
  const delivered = {
    type: 'SmsDelivered' as const,
    data: { studentId: STUDENT, messageId: 'm1', providerMessageId: 'SMx' },
  };

  it('moves queued -> sent -> delivered', () => {
    given(registered(), enrolled(), queued()).when(status('sent'), system).then([sent]);
    given(registered(), enrolled(), queued(), sent).when(status('delivered'), system).then([delivered]);
  });

  it('ignores a late or repeated status', () => {
    given(registered(), enrolled(), queued(), sent, delivered).when(status('sent'), system).then([]);
    given(registered(), enrolled(), queued(), sent, delivered).when(status('delivered'), system).then([]);
    given(registered(), enrolled(), queued(), sent, delivered).when(status('failed'), system).then([]);
  });

  it('keeps the failure reason and code', () => {
    given(registered(), enrolled(), queued())
      .when(status('failed', { reason: 'Invalid phone number', errorCode: '21211' }), system)
      .then([
        {
          type: 'SmsFailed',
          data: { studentId: STUDENT, messageId: 'm1', reason: 'Invalid phone number', errorCode: '21211' },
        },
      ]);
  });

  it('refuses a status for an unknown message', () => {
    given(registered()).when(status('sent'), system).thenError('MESSAGE_NOT_FOUND', 'not_found');
  });

  it('records a send attempt only while the message is still queued', () => {
    given(registered(), enrolled(), queued())
      .when({ type: 'RecordSendAttempt', data: { messageId: 'm1' } }, system)
      .then([
        { type: 'SmsSendAttempted', data: { studentId: STUDENT, messageId: 'm1', attempt: 1, to: '+12015550123' } },
      ]);
    given(registered(), enrolled(), queued(), sent)
      .when({ type: 'RecordSendAttempt', data: { messageId: 'm1' } }, system)
      .then([]);
  });
});
