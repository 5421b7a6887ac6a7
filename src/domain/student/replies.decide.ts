import { DomainError } from '../shared/domain-error';
import { requireRole, requireStudent, requireText, type DecideContext } from './decide-context';
import { classifyInbound } from './inbound-keywords';
import { keywordReply, noThreadAnswerDue, type ReplyContext } from './keyword-replies';
import { decideOptOut } from './opt-out.decide';
import { studentTimeZone } from './send-schedule';
import { routeReply } from './sender-pool';
import { MAX_SMS_LENGTH, type Cmd } from './student.commands';
import type { StudentEvent, StudentProfile } from './student.events';
import type { StudentState } from './student.state';

/**
 * A student's text, recorded in the thread it belongs to (teacher first: decideReplyThread), and then what it means:
 * - STOP and the other opt-out keywords (texts only): an opt-out exactly like staff record one, source "keyword";
 * - START/UNSTOP: consent restored if the number is still on file. After a STOP the number is gone, so START then
 *   restores nothing (recorded as such) until the school puts a number back; YES only counts after a STOP-type block,
 *   because "Yes" is also how students answer their teacher's questions;
 * - HELP/INFO: recorded, and answered (see automaticAnswer);
 * - a sentence asking us to stop: flagged to the thread's staff member, who decides whether to record an opt-out.
 * A repeated provider message (Twilio retries) records nothing at all, keywords included.
 */
export function decideInboundSms(
  cmd: Cmd<'RecordInboundSms'>,
  state: StudentState,
  ctx: DecideContext,
): StudentEvent[] {
  const events = decideMeaning(cmd, state, ctx);
  const text = events[0];
  if (
    cmd.data.channel !== 'sms' ||
    !text ||
    (text.type !== 'SmsReceived' && text.type !== 'InboundSmsUnrouted') ||
    !state.profile
  )
    return events;
  return [...events, ...automaticAnswer(cmd, events, state, state.profile, ctx)];
}

/**
 * The one automatic answer a text gets, if any (keyword-replies.ts): STOP, START and HELP are answered by us unless
 * the provider answers them itself (Twilio Advanced Opt-Out: `keywordRepliesBy: 'provider'`), never both; a text
 * nobody's thread takes gets the no-thread answer at most once a day per number.
 */
function automaticAnswer(
  cmd: Cmd<'RecordInboundSms'>,
  events: StudentEvent[],
  state: StudentState,
  profile: StudentProfile,
  ctx: DecideContext,
): StudentEvent[] {
  const text = events[0] as Extract<StudentEvent, { type: 'SmsReceived' | 'InboundSmsUnrouted' }>;
  const c: ReplyContext = {
    inReplyTo: text.data.messageId,
    from: cmd.data.receivedOn ?? null,
    staffId: text.type === 'SmsReceived' ? text.data.staffId : null,
    now: ctx.now,
    timeZone: studentTimeZone(profile, ctx),
    district: ctx.district,
  };
  const ours = cmd.data.keywordRepliesBy !== 'provider';
  for (const e of events) {
    if (e.type === 'SmsOptedOut' && e.data.requestedBy === 'keyword' && e.data.removedNumber)
      return ours ? [keywordReply(profile.studentId, 'stop', e.data.removedNumber, c)] : [];
    if (e.type === 'SmsConsentRestored')
      return ours ? [keywordReply(profile.studentId, 'start', e.data.number, c)] : [];
    if (e.type === 'SmsKeywordReceived')
      return ours && e.data.effect === 'help_requested' && profile.smsNumber
        ? [keywordReply(profile.studentId, 'help', profile.smsNumber, c)]
        : [];
  }
  if (text.type !== 'InboundSmsUnrouted' || !noThreadAnswerDue(state, profile, c)) return [];
  return [keywordReply(profile.studentId, 'no_thread', profile.smsNumber!, c)];
}

/** The text itself, recorded in the thread it belongs to (decideReplyThread), and what its words ask for. */
function decideMeaning(cmd: Cmd<'RecordInboundSms'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  const events = decideReplyThread(cmd, state, ctx);
  const text = events.find((e) => e.type === 'SmsReceived' || e.type === 'InboundSmsUnrouted');
  if (!text || (text.type !== 'SmsReceived' && text.type !== 'InboundSmsUnrouted')) return events;
  const signal = classifyInbound(cmd.data.body);
  if (!signal) return events;
  const studentId = text.data.studentId;
  const messageId = text.data.messageId;
  const staffId = text.type === 'SmsReceived' ? text.data.staffId : null;

  if (signal.kind === 'stop_request')
    return [
      ...events,
      { type: 'OptOutRequestFlagged', data: { studentId, messageId, staffId, phrase: signal.phrase } },
    ];
  // Keywords are a phone-network convention: a portal reply of "STOP" is just a reply (and still in the thread).
  if (cmd.data.channel !== 'sms') return events;
  if (signal.kind === 'opt_out') {
    // The directory that matched the sender may lag a number change: a STOP from a number no longer the student's is
    // recorded, and removes nothing (the new number's owner did not say STOP).
    const ifNumberOnFile = cmd.data.fromNumber;
    const optOut = { requestedBy: 'keyword' as const, ...(ifNumberOnFile ? { ifNumberOnFile } : {}) };
    return [...events, ...decideOptOut({ type: 'OptOut', data: optOut }, state, ctx)];
  }
  if (signal.kind === 'help')
    return [
      ...events,
      { type: 'SmsKeywordReceived', data: { studentId, messageId, keyword: signal.keyword, effect: 'help_requested' } },
    ];

  const number = state.profile?.smsNumber ?? null;
  const explicit = signal.keyword !== 'YES';
  if (number && (explicit || state.carrierBlocked)) {
    return [...events, { type: 'SmsConsentRestored', data: { studentId, messageId, keyword: signal.keyword, number } }];
  }
  if (!explicit && !state.carrierBlocked) return events;
  return [
    ...events,
    {
      type: 'SmsKeywordReceived',
      data: { studentId, messageId, keyword: signal.keyword, effect: 'nothing_to_restore' },
    },
  ];
}

/**
 * Rule 3, teacher first: a student's text goes to the thread whose sender number they texted (routeReply: by the
 * pair of their number and ours, else who texted them last, flagged). With no thread at all it is still recorded
 * (nothing is lost) but reaches nobody's thread.
 */
function decideReplyThread(cmd: Cmd<'RecordInboundSms'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  const profile = requireStudent(state, ctx);
  const { messageId, channel, providerMessageId } = cmd.data;
  if (channel === 'portal') {
    if (ctx.actor.role !== 'student' || ctx.actor.id !== profile.studentId) {
      throw new DomainError('FORBIDDEN_ROLE', 'Only the student can reply in their own portal threads.', 'forbidden');
    }
    const body = requireText(cmd.data.body, MAX_SMS_LENGTH, 'EMPTY_MESSAGE', 'reply');
    const staffId = cmd.data.staffId ?? state.lastOutboundStaffId;
    if (!staffId || !state.staffWithThreads.has(staffId)) {
      throw new DomainError('NO_THREAD', 'You can reply only in a conversation your teacher started.', 'rule');
    }
    return [
      {
        type: 'SmsReceived',
        data: { studentId: profile.studentId, messageId, staffId, body, channel, providerMessageId: null },
      },
    ];
  }
  requireRole(ctx, ['system'], 'record texts received from the phone network');
  if (providerMessageId && state.inboundProviderIds.has(providerMessageId)) return [];
  const receivedOn = cmd.data.receivedOn ?? null;
  const route = routeReply(state, receivedOn);
  const sanitized = cmd.data.bodySanitized ? { bodySanitized: true as const } : {};
  if (!route) {
    return [
      {
        type: 'InboundSmsUnrouted',
        data: {
          studentId: profile.studentId,
          messageId,
          body: cmd.data.body,
          reason: 'no_thread',
          providerMessageId,
          ...sanitized,
        },
      },
    ];
  }
  const routing = {
    ...(receivedOn ? { receivedOn } : {}),
    ...(route.mayBeForAnotherStaffMember ? { mayBeForAnotherStaffMember: true as const } : {}),
  };
  return [
    {
      type: 'SmsReceived',
      data: {
        studentId: profile.studentId,
        messageId,
        staffId: route.staffId,
        body: cmd.data.body,
        channel,
        providerMessageId,
        ...routing,
        ...sanitized,
      },
    },
  ];
}
