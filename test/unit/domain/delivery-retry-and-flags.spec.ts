import { smsEligibility } from '../../../src/domain/student/sms-eligibility';
import { foldStudent } from '../../../src/domain/student/student.state';
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

const attempted = (attempt = 1) => ({
  type: 'SmsSendAttempted' as const,
  data: { studentId: STUDENT, messageId: 'm1', attempt },
});
const sent = (sid = 'SM1') => ({
  type: 'SmsSent' as const,
  data: { studentId: STUDENT, messageId: 'm1', providerMessageId: sid },
});
const retry = (over: Partial<{ providerMessageId: string | null; outcome: 'not_accepted' | 'unknown' }> = {}) => ({
  type: 'RecordSendRetry' as const,
  data: {
    messageId: 'm1',
    retryAt: '2019-08-13T16:00:05.000Z',
    errorCode: '20429',
    reason: 'Twilio is busy',
    outcome: 'not_accepted' as const,
    providerMessageId: null,
    ...over,
  },
});
const retried = (
  over: Partial<{
    supersededProviderMessageId: string | null;
    errorCode: string;
    outcome: 'not_accepted' | 'unknown';
  }> = {},
) => ({
  type: 'SmsRetryScheduled' as const,
  data: {
    studentId: STUDENT,
    messageId: 'm1',
    attempt: 1,
    retryAt: '2019-08-13T16:00:05.000Z',
    errorCode: '20429',
    reason: 'Twilio is busy',
    outcome: 'not_accepted' as const,
    supersededProviderMessageId: null,
    ...over,
  },
});
const status = (s: 'sent' | 'delivered' | 'failed', sid = 'SM1') => ({
  type: 'RecordDeliveryStatus' as const,
  data: { messageId: 'm1', status: s, providerMessageId: sid, reason: null, errorCode: null },
});

describe('RecordSendRetry (429/5xx/30003: retried with backoff, never sent twice blindly)', () => {
  it('schedules a retry for an attempt whose result is awaited, once', () => {
    given(registered(), enrolled(), queued(), attempted()).when(retry(), system).then([retried()]);
    given(registered(), enrolled(), queued(), attempted(), retried()).when(retry(), system).then([]);
    given(registered(), enrolled(), queued()).when(retry(), system).then([]);
  });

  it('a retry after "not accepted" can be cancelled; after an unknown outcome (timeout, 5xx) it cannot', () => {
    const cancel = { type: 'CancelScheduledSms' as const, data: { messageId: 'm1' } };
    expect(given(registered(), enrolled(), queued(), attempted(), retried()).when(cancel).events()[0]).toMatchObject({
      type: 'SmsCancelled',
    });
    given(registered(), enrolled(), queued(), attempted(), retried({ outcome: 'unknown' }))
      .when(cancel)
      .thenError('CANCEL_TOO_LATE');
  });

  it("replaces an undelivered copy (30003): back to queued, and the old copy's late reports are ignored", () => {
    const history = [registered(), enrolled(), queued(), attempted(), sent('SM1')];
    given(...history)
      .when(retry({ providerMessageId: 'SM1' }), system)
      .then([retried({ supersededProviderMessageId: 'SM1' })]);
    const after = [...history, retried({ supersededProviderMessageId: 'SM1', errorCode: '30003' })];
    expect(foldStudent(after).messages.get('m1')).toMatchObject({ status: 'queued', providerMessageId: null });
    given(...after)
      .when(retry({ providerMessageId: 'SM1' }), system)
      .then([]);
    given(...after)
      .when(status('failed', 'SM1'), system)
      .then([]);
    given(...after)
      .when(status('delivered', 'SM1'), system)
      .then([]);
    given(...after)
      .when(status('sent', 'SM2'), system)
      .then([{ type: 'SmsSent', data: { studentId: STUDENT, messageId: 'm1', providerMessageId: 'SM2' } }]);
  });

  it('does not replace a copy that is not the current one, or a delivered text', () => {
    given(registered(), enrolled(), queued(), attempted(), sent('SM1'))
      .when(retry({ providerMessageId: 'SM9' }), system)
      .then([]);
    const delivered = {
      type: 'SmsDelivered' as const,
      data: { studentId: STUDENT, messageId: 'm1', providerMessageId: 'SM1' },
    };
    given(registered(), enrolled(), queued(), attempted(), sent('SM1'), delivered)
      .when(retry({ providerMessageId: 'SM1' }), system)
      .then([]);
  });

  it('only the system schedules retries', () => {
    given(registered(), enrolled(), queued(), attempted()).when(retry(), teacher()).thenError('FORBIDDEN_ROLE');
  });
});

describe('FlagInvalidNumber (21211, 30005, 30006: flagged for the registrar; SMS Enabled says so)', () => {
  const flag = {
    type: 'FlagInvalidNumber' as const,
    data: { messageId: 'm1', errorCode: '21211', reason: 'Not a valid phone number' },
  };
  const flagged = {
    type: 'SmsNumberFlaggedInvalid' as const,
    data: {
      studentId: STUDENT,
      messageId: 'm1',
      number: '+12015550123',
      errorCode: '21211',
      reason: 'Not a valid phone number',
    },
  };

  it('flags the number the text went to, once', () => {
    given(registered(), enrolled(), queued()).when(flag, system).then([flagged]);
    given(registered(), enrolled(), queued(), flagged).when(flag, system).then([]);
  });

  it('says nothing about a number the registrar has already replaced', () => {
    const changed = {
      type: 'ContactUpdated' as const,
      data: {
        studentId: STUDENT,
        changes: { smsNumber: '+12015550199' },
        previousSmsNumber: '+12015550123',
        reason: null,
      },
    };
    given(registered(), enrolled(), queued(), changed).when(flag, system).then([]);
  });

  it('makes SMS Enabled "no" with the reason number_flagged_invalid, until the registrar changes the number', () => {
    const send = {
      type: 'SendSms' as const,
      data: { messageId: 'm2', enrollmentId: null, body: 'Hi Sarah', idempotencyKey: 'k2' },
    };
    const e = given(registered(), enrolled(), queued(), flagged).when(send).thenError('SMS_NOT_ENABLED');
    expect(e.details).toEqual({ reason: 'number_flagged_invalid' });
    const changed = {
      type: 'ContactUpdated' as const,
      data: {
        studentId: STUDENT,
        changes: { smsNumber: '+12015550199' },
        previousSmsNumber: '+12015550123',
        reason: 'Family gave a new number',
      },
    };
    expect(given(registered(), enrolled(), queued(), flagged, changed).when(send).events()[0]).toMatchObject({
      type: 'SmsQueued',
      data: { to: '+12015550199' },
    });
    given(registered(), enrolled(), queued()).when(flag, registrar).thenError('FORBIDDEN_ROLE');
  });

  it('ranks the flag after the district, an opt-out and a missing number', () => {
    expect(
      smsEligibility(policy(), { optedOut: false, smsNumber: '+12015550123', numberFlaggedInvalid: true }).reason,
    ).toBe('number_flagged_invalid');
    expect(smsEligibility(policy(), { optedOut: true, smsNumber: null, numberFlaggedInvalid: true }).reason).toBe(
      'opted_out',
    );
    expect(
      smsEligibility(policy({ smsAllowed: false }), { optedOut: false, smsNumber: '+1', numberFlaggedInvalid: true })
        .reason,
    ).toBe('district_disabled');
  });
});
