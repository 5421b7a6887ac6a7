import type { DistrictSmsPolicy } from '../district/district.events';
import { DEFAULT_QUIET_HOURS } from '../district/district.state';
import { requireMessage, requireRole, requireStudent, type DecideContext } from './decide-context';
import { replyBlocker } from './keyword-replies';
import type { SendCancelReason } from './student.events';
import { formatLocalTime, nextAllowedTime } from './quiet-hours';
import { studentTimeZone } from './send-schedule';
import { studentSmsEligibility } from './sms-eligibility';
import type { Cmd } from './student.commands';
import type { StudentEvent, StudentProfile } from './student.events';
import type { StudentState } from './student.state';

/** What the sender reads in the thread and the log, after "Not sent: ". */
const NOT_SENT_BECAUSE: Record<SendCancelReason, string> = {
  opted_out: 'the student or family asked for no texts',
  no_sms_number: "the SMS number was removed from the student's record",
  number_flagged_invalid:
    'the phone network reported the SMS number cannot receive texts (the registrar needs to check it)',
  district_disabled: 'the district turned texting off',
  enrollment_ended: 'the enrollment this text was written for has ended',
  number_changed: 'the number that texted is no longer the SMS number on file',
};

/** Everything that forbids the send now, first match wins: SMS Enabled (one definition), then the enrollment. */
export function sendBlocker(
  state: StudentState,
  profile: StudentProfile,
  enrollmentId: string,
  district: DistrictSmsPolicy | null,
): SendCancelReason | null {
  const sms = studentSmsEligibility(district, state, profile.smsNumber);
  if (sms.reason) return sms.reason;
  return state.enrollments.get(enrollmentId)?.active ? null : 'enrollment_ended';
}

/** "Not sent: the district turned texting off (checked Tue, Sep 1, 3:02 PM MDT, when it was due)." */
export function notSentExplanation(reason: SendCancelReason, at: Date, timeZone: string): string {
  return `Not sent: ${NOT_SENT_BECAUSE[reason]} (checked ${formatLocalTime(at, timeZone)}, when it was due).`;
}

/**
 * The decision to send, made at the moment of sending on the student's stream and the district's policy as they are
 * NOW, never on what was captured when the text was queued (issue 12). Exactly one of:
 * - SmsCancelled with a stable reason and a sentence: opted out, number removed or flagged, texting off, enrollment ended;
 * - SmsRescheduled: the quiet hours in force now forbid it (a policy change since queueing reschedules);
 * - SmsSendAttempted naming the number on file now: written BEFORE the provider is called (no blind resend after a
 *   crash), and the dispatcher sends to exactly that number.
 */
export function decideSendAttempt(
  cmd: Cmd<'RecordSendAttempt'>,
  state: StudentState,
  ctx: DecideContext,
): StudentEvent[] {
  requireRole(ctx, ['system'], 'record send attempts');
  const profile = requireStudent(state, ctx);
  const { message, delivery } = requireMessage(state, cmd.data.messageId);
  if (message.status !== 'queued') return [];
  const { studentId } = profile;
  const { messageId } = message;
  const timeZone = studentTimeZone(profile, ctx);
  const blocker = delivery.reply
    ? replyBlocker(delivery.reply, delivery.to, state, profile, ctx.district)
    : sendBlocker(state, profile, message.enrollmentId, ctx.district);
  if (blocker) {
    return [
      {
        type: 'SmsCancelled',
        data: {
          studentId,
          messageId,
          scheduledFor: delivery.scheduledFor,
          reason: blocker,
          explanation: notSentExplanation(blocker, ctx.now, timeZone),
        },
      },
    ];
  }
  // An automatic answer goes whatever the quiet hours, to the number it answers (see replyBlocker).
  if (delivery.reply)
    return [
      { type: 'SmsSendAttempted', data: { studentId, messageId, attempt: message.attempts + 1, to: delivery.to } },
    ];
  const allowed = nextAllowedTime(ctx.now, timeZone, ctx.district?.quietHours ?? DEFAULT_QUIET_HOURS);
  if (allowed.getTime() > ctx.now.getTime()) {
    return [
      {
        type: 'SmsRescheduled',
        data: { studentId, messageId, scheduledFor: allowed.toISOString(), scheduledBecause: 'quiet_hours' },
      },
    ];
  }
  return [
    { type: 'SmsSendAttempted', data: { studentId, messageId, attempt: message.attempts + 1, to: profile.smsNumber! } },
  ];
}
