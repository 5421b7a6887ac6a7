import type { SendCancelReason } from '../../../src/domain/student/student.events';
import type { StudentEvent } from '../../../src/domain/student/student.events';
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

/** The decision to send, taken when the dispatcher is about to send (the helper's NOW is 10:00 in Denver). */
const attempt = { type: 'RecordSendAttempt' as const, data: { messageId: 'm1' } };
const NEW_NUMBER = '+12015550999';
const cancelledFor = (reason: SendCancelReason, sentence: string): StudentEvent[] => [
  {
    type: 'SmsCancelled',
    data: {
      studentId: STUDENT,
      messageId: 'm1',
      scheduledFor: null,
      reason,
      explanation: `Not sent: ${sentence} (checked Tue, Aug 13, 10:00 AM MDT, when it was due).`,
    },
  },
];
const optedOut = (requestedBy: 'keyword' | 'parent'): StudentEvent => ({
  type: 'SmsOptedOut',
  data: { studentId: STUDENT, removedNumber: '+12015550123', requestedBy, note: 'n' },
});
const numberChanged = (smsNumber: string | null): StudentEvent => ({
  type: 'ContactUpdated',
  data: { studentId: STUDENT, changes: { smsNumber }, previousSmsNumber: '+12015550123', reason: null },
});

describe('RecordSendAttempt: the decision to send is made at the moment of sending', () => {
  it('given nothing changed, records the attempt naming the number on file', () => {
    given(registered(), enrolled(), queued())
      .when(attempt, system)
      .then([
        { type: 'SmsSendAttempted', data: { studentId: STUDENT, messageId: 'm1', attempt: 1, to: '+12015550123' } },
      ]);
  });

  it('given the registrar changed the number after queueing, names the new number (not the queued one)', () => {
    given(registered(), enrolled(), queued(), numberChanged(NEW_NUMBER))
      .when(attempt, system)
      .then([{ type: 'SmsSendAttempted', data: { studentId: STUDENT, messageId: 'm1', attempt: 1, to: NEW_NUMBER } }]);
  });

  it('given the student texted STOP after queueing, cancels with opted_out and a sentence', () => {
    given(registered(), enrolled(), queued(), optedOut('keyword'))
      .when(attempt, system)
      .then(cancelledFor('opted_out', 'the student or family asked for no texts'));
  });

  it("given staff recorded a parent's no-texting request, cancels with opted_out", () => {
    given(registered(), enrolled(), queued(), optedOut('parent'))
      .when(attempt, system)
      .then(cancelledFor('opted_out', 'the student or family asked for no texts'));
  });

  it('given the number was removed, cancels with no_sms_number', () => {
    given(registered(), enrolled(), queued(), numberChanged(null))
      .when(attempt, system)
      .then(cancelledFor('no_sms_number', "the SMS number was removed from the student's record"));
  });

  it('given the number was flagged invalid, cancels with number_flagged_invalid; a new number lifts it', () => {
    const flagged: StudentEvent = {
      type: 'SmsNumberFlaggedInvalid',
      data: { studentId: STUDENT, messageId: 'm0', number: '+12015550123', errorCode: '30006', reason: 'x' },
    };
    given(registered(), enrolled(), queued(), flagged)
      .when(attempt, system)
      .then(
        cancelledFor(
          'number_flagged_invalid',
          'the phone network reported the SMS number cannot receive texts (the registrar needs to check it)',
        ),
      );
    expect(
      given(registered(), enrolled(), queued(), flagged, numberChanged(NEW_NUMBER)).when(attempt, system).events()[0],
    ).toMatchObject({ type: 'SmsSendAttempted', data: { to: NEW_NUMBER } });
  });

  it('given the district turned texting off, cancels with district_disabled', () => {
    given(registered(), enrolled(), queued())
      .when(attempt, system, policy({ smsAllowed: false }))
      .then(cancelledFor('district_disabled', 'the district turned texting off'));
  });

  it('given the enrollment ended, cancels with enrollment_ended', () => {
    const ended: StudentEvent = {
      type: 'EnrollmentEnded',
      data: { studentId: STUDENT, enrollmentId: 'e1', endedOn: '2019-08-13', reason: null },
    };
    given(registered(), enrolled(), queued(), ended)
      .when(attempt, system)
      .then(cancelledFor('enrollment_ended', 'the enrollment this text was written for has ended'));
  });

  it('given the district moved its quiet hours so that now is quiet, reschedules to when they end', () => {
    given(registered(), enrolled(), queued())
      .when(attempt, system, policy({ quietHours: { start: '12:00', end: '20:00' } }))
      .then([
        {
          type: 'SmsRescheduled',
          data: {
            studentId: STUDENT,
            messageId: 'm1',
            scheduledFor: '2019-08-13T18:00:00.000Z',
            scheduledBecause: 'quiet_hours',
          },
        },
      ]);
  });

  it('given a rescheduled text, the state waits for the new time', () => {
    const rescheduled: StudentEvent = {
      type: 'SmsRescheduled',
      data: {
        studentId: STUDENT,
        messageId: 'm1',
        scheduledFor: '2019-08-13T18:00:00.000Z',
        scheduledBecause: 'quiet_hours',
      },
    };
    expect(foldStudent([registered(), enrolled(), queued(), rescheduled]).delivery.get('m1')).toMatchObject({
      scheduledFor: '2019-08-13T18:00:00.000Z',
      scheduledBecause: 'quiet_hours',
    });
  });

  it('given consent restored with START after a STOP and a number put back, sends again', () => {
    const restored: StudentEvent = {
      type: 'SmsConsentRestored',
      data: { studentId: STUDENT, messageId: 'in1', keyword: 'START', number: NEW_NUMBER },
    };
    expect(
      given(registered(), enrolled(), queued(), optedOut('keyword'), numberChanged(NEW_NUMBER), restored)
        .when(attempt, system)
        .events()[0],
    ).toMatchObject({ type: 'SmsSendAttempted', data: { to: NEW_NUMBER } });
  });

  it('records nothing for a text already cancelled or sent, and refuses people', () => {
    const cancelled: StudentEvent = {
      type: 'SmsCancelled',
      data: { studentId: STUDENT, messageId: 'm1', scheduledFor: null },
    };
    given(registered(), enrolled(), queued(), cancelled).when(attempt, system).then([]);
    given(registered(), enrolled(), queued()).when(attempt, teacher()).thenError('FORBIDDEN_ROLE', 'forbidden');
    given(registered(), enrolled(), queued()).when(attempt, registrar).thenError('FORBIDDEN_ROLE', 'forbidden');
  });
});
