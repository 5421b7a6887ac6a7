import type { Actor } from '../../../src/domain/shared/actor';
import type { DomainError } from '../../../src/domain/shared/domain-error';
import type { StudentCommand } from '../../../src/domain/student/student.commands';
import { decideStudent } from '../../../src/domain/student/student.decide';
import type { StudentEvent } from '../../../src/domain/student/student.events';
import { foldStudent } from '../../../src/domain/student/student.state';
import { scheduleNotice } from '../../../src/domain/student/send-schedule';
import {
  enrolled,
  given,
  policy,
  queued,
  registered,
  registrar,
  STUDENT,
  system,
  teacher,
} from './student-spec.helper';

const send = (sendAt?: string) => ({
  type: 'SendSms' as const,
  data: {
    messageId: 'm1',
    enrollmentId: null,
    body: 'Hi Sarah, study session today at 1:00 - Mrs. Bell',
    idempotencyKey: 'k1',
    ...(sendAt ? { sendAt } : {}),
  },
});
/** decide at a given instant (the helper's NOW is 10:00 in Denver). */
const at = (now: string, history: StudentEvent[], command: StudentCommand, actor: Actor = teacher()) =>
  decideStudent(command, foldStudent(history), { actor, now: new Date(now), district: policy() });

describe("SendSms and quiet hours (default 8:00 to 21:00 in the student's time zone)", () => {
  it('queues a text inside the window to go now (no schedule)', () => {
    expect(at('2026-09-01T16:00:00Z', [registered(), enrolled()], send())[0]).toMatchObject({
      type: 'SmsQueued',
      data: { scheduledFor: null },
    });
  });

  it("schedules a text written at 22:30 for 8:00 the next morning, in the district's zone", () => {
    const [e] = at('2026-09-02T04:30:00Z', [registered(), enrolled()], send());
    expect(e).toMatchObject({
      type: 'SmsQueued',
      data: { scheduledFor: '2026-09-02T14:00:00.000Z', scheduledBecause: 'quiet_hours' },
    });
  });

  it("uses the student's own time zone over the district's", () => {
    const [e] = at('2026-09-01T17:00:00Z', [registered({ timeZone: 'Pacific/Honolulu' }), enrolled()], send()); // 07:00 HST
    expect(e).toMatchObject({ data: { scheduledFor: '2026-09-01T18:00:00.000Z', scheduledBecause: 'quiet_hours' } });
  });

  it('lets staff schedule a text for later, and still respects quiet hours for that time', () => {
    expect(at('2026-09-01T16:00:00Z', [registered(), enrolled()], send('2026-09-03T09:15:00-06:00'))[0]).toMatchObject({
      data: { scheduledFor: '2026-09-03T15:15:00.000Z', scheduledBecause: 'requested' },
    });
    expect(at('2026-09-01T16:00:00Z', [registered(), enrolled()], send('2026-09-03T23:00:00-06:00'))[0]).toMatchObject({
      data: { scheduledFor: '2026-09-04T14:00:00.000Z', scheduledBecause: 'quiet_hours' },
    });
  });

  it('refuses a send time without an offset, in the past, or more than 30 days ahead', () => {
    for (const [sendAt, code] of [
      ['2026-09-03T09:15', 'INVALID_SEND_AT'],
      ['2026-08-01T09:15:00Z', 'SEND_AT_IN_PAST'],
      ['2026-11-01T16:00:00Z', 'SEND_AT_TOO_FAR'],
    ]) {
      expect(() => at('2026-09-01T16:00:00Z', [registered(), enrolled()], send(sendAt))).toThrow(
        expect.objectContaining({ code }) as unknown as DomainError,
      );
    }
  });

  it("tells the sender when it will go, in the student's zone", () => {
    expect(scheduleNotice('2026-09-02T14:00:00.000Z', 'quiet_hours', 'America/Denver')).toBe(
      "Scheduled for Wed, Sep 2, 8:00 AM MDT: texts go out only between 08:00 and 21:00 in the student's time zone (America/Denver).",
    );
  });
});

describe('CancelScheduledSms (before it goes, by its sender or school staff)', () => {
  const cancel = { type: 'CancelScheduledSms' as const, data: { messageId: 'm1' } };
  const cancelled = {
    type: 'SmsCancelled' as const,
    data: { studentId: STUDENT, messageId: 'm1', scheduledFor: null },
  };
  const attempted = { type: 'SmsSendAttempted' as const, data: { studentId: STUDENT, messageId: 'm1', attempt: 1 } };

  it('cancels a queued text for its sender and for school staff, once', () => {
    given(registered(), enrolled(), queued()).when(cancel).then([cancelled]);
    given(registered(), enrolled(), queued()).when(cancel, registrar).then([cancelled]);
    given(registered(), enrolled(), queued(), cancelled).when(cancel).then([]);
  });

  it('refuses another teacher and a system actor', () => {
    given(registered(), enrolled(), queued())
      .when(cancel, teacher('t-other'))
      .thenError('NOT_SENDER_OF_MESSAGE', 'forbidden');
    given(registered(), enrolled(), queued()).when(cancel, system).thenError('NOT_SENDER_OF_MESSAGE');
  });

  it('is too late once an attempt is in flight, and refused once sent', () => {
    given(registered(), enrolled(), queued(), attempted).when(cancel).thenError('CANCEL_TOO_LATE', 'rule');
    const sent = { type: 'SmsSent' as const, data: { studentId: STUDENT, messageId: 'm1', providerMessageId: 'SM1' } };
    given(registered(), enrolled(), queued(), attempted, sent).when(cancel).thenError('SMS_ALREADY_SENT', 'rule');
  });

  it('a cancelled text is never attempted, and late reports about it change nothing', () => {
    given(registered(), enrolled(), queued(), cancelled)
      .when({ type: 'RecordSendAttempt', data: { messageId: 'm1' } }, system)
      .then([]);
    given(registered(), enrolled(), queued(), cancelled)
      .when(
        {
          type: 'RecordDeliveryStatus',
          data: { messageId: 'm1', status: 'sent', providerMessageId: 'SM1', reason: null, errorCode: null },
        },
        system,
      )
      .then([]);
  });

  it('refuses an unknown message', () => {
    given(registered(), enrolled()).when(cancel).thenError('MESSAGE_NOT_FOUND', 'not_found');
  });

  it('the message state says cancelled (the send answer and thread show it)', () => {
    expect(foldStudent([registered(), enrolled(), queued(), cancelled]).messages.get('m1')!.status).toBe('cancelled');
  });
});
