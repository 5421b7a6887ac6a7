import type { DecideContext } from './decide-context';
import { classifyInbound } from './inbound-keywords';
import { decideInbound, decideOptOut } from './messaging.decide';
import type { StudentCommand } from './student.commands';
import type { StudentEvent } from './student.events';
import type { StudentState } from './student.state';

type Cmd<T extends StudentCommand['type']> = Extract<StudentCommand, { type: T }>;

/**
 * A student's text, recorded by the core's teacher-first rule, and then what it means:
 * - STOP and the other opt-out keywords (texts only): an opt-out exactly like staff record one, source "keyword";
 * - START/UNSTOP: consent restored if the number is still on file. After a STOP the number is gone, so START then
 *   restores nothing (recorded as such) until the school puts a number back; YES only counts after a STOP-type block,
 *   because "Yes" is also how students answer their teacher's questions;
 * - HELP/INFO: recorded (Twilio's own HELP reply, if configured, answers the student; we send nothing);
 * - a sentence asking us to stop: flagged to the thread's staff member, who decides whether to record an opt-out.
 * A repeated provider message (Twilio retries) records nothing at all, keywords included.
 */
export function decideInboundSms(cmd: Cmd<'RecordInboundSms'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  const events = decideInbound(cmd, state, ctx);
  const text = events.find((e) => e.type === 'SmsReceived' || e.type === 'InboundSmsUnrouted');
  if (!text || (text.type !== 'SmsReceived' && text.type !== 'InboundSmsUnrouted')) return events;
  const signal = classifyInbound(cmd.data.body);
  if (!signal) return events;
  const studentId = text.data.studentId;
  const messageId = text.data.messageId;
  const staffId = text.type === 'SmsReceived' ? text.data.staffId : null;

  if (signal.kind === 'stop_request') return [...events, { type: 'OptOutRequestFlagged', data: { studentId, messageId, staffId, phrase: signal.phrase } }];
  // Keywords are a phone-network convention: a portal reply of "STOP" is just a reply (and still in the thread).
  if (cmd.data.channel !== 'sms') return events;
  if (signal.kind === 'opt_out') return [...events, ...decideOptOut({ type: 'OptOut', data: { requestedBy: 'keyword' } }, state, ctx)];
  if (signal.kind === 'help') return [...events, { type: 'SmsKeywordReceived', data: { studentId, messageId, keyword: signal.keyword, effect: 'help_requested' } }];

  const number = state.profile?.smsNumber ?? null;
  const explicit = signal.keyword !== 'YES';
  if (number && (explicit || state.carrierBlocked)) {
    return [...events, { type: 'SmsConsentRestored', data: { studentId, messageId, keyword: signal.keyword, number } }];
  }
  if (!explicit && !state.carrierBlocked) return events;
  return [...events, { type: 'SmsKeywordReceived', data: { studentId, messageId, keyword: signal.keyword, effect: 'nothing_to_restore' } }];
}
