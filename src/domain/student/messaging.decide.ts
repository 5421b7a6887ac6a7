import { checkContent, type ContentVerdict } from '../content-policy';
import { signOff, type Actor } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { requireRole, requireServesStudent, requireStudent, requireText, type DecideContext } from './decide-context';
import { contentSubjects, strictestVerdict } from './content-subjects';
import { optOutNote } from './opt-out-note';
import { scheduleOf } from './send-schedule';
import { routeReply, threadSender } from './sender-pool';
import { smsEligibility } from './sms-eligibility';
import { MAX_SMS_LENGTH, type Cmd } from './student.commands';
import type { StudentEvent } from './student.events';
import { deliveryStatusAdvances } from './delivery-status';
import { sendFingerprint, type EnrollmentState, type StudentState } from './student.state';
import { STAFF_ROLES } from '../shared/role-groups';

/** Rule 2: the enrollment the text is sent for; the sender must teach it, and must pick one if several. */
function pickEnrollment(state: StudentState, ctx: DecideContext, enrollmentId: string | null): EnrollmentState {
  if (enrollmentId) {
    const named = state.enrollments.get(enrollmentId);
    if (!named) throw new DomainError('ENROLLMENT_NOT_OF_STUDENT', 'The enrollment named is not one of this student\'s enrollments.', 'rule');
    if (named.teacherId !== ctx.actor.id) throw new DomainError('NOT_TEACHER_OF_ENROLLMENT', 'You are not the teacher of that enrollment.', 'forbidden');
    if (!named.active) throw new DomainError('ENROLLMENT_NOT_ACTIVE', 'That enrollment has ended.', 'rule');
    return named;
  }
  const mine = [...state.enrollments.values()].filter((e) => e.active && e.teacherId === ctx.actor.id);
  if (mine.length === 0) throw new DomainError('NOT_TEACHER_OF_ENROLLMENT', 'You do not teach an active enrollment of this student.', 'forbidden');
  if (mine.length > 1) {
    throw new DomainError('ENROLLMENT_REQUIRED', 'This student has several enrollments with you: pick one.', 'rule', { enrollmentIds: mine.map((e) => e.enrollmentId) });
  }
  return mine[0]!;
}

export function decideSendSms(cmd: Cmd<'SendSms'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  if (ctx.actor.role !== 'teacher') throw new DomainError('FORBIDDEN_ROLE', 'Only teachers text students.', 'forbidden');
  const profile = requireStudent(state, ctx);
  const body = requireText(cmd.data.body, MAX_SMS_LENGTH, 'EMPTY_MESSAGE', 'message');
  const prior = state.idempotencyKeys.get(cmd.data.idempotencyKey);
  const enrollment = pickEnrollment(state, ctx, cmd.data.enrollmentId);
  if (prior) {
    // The same request retried (a double click, a lost response): one text, not two.
    if (prior.fingerprint === sendFingerprint(enrollment.enrollmentId, body)) return [];
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for a different text.', 'conflict');
  }
  const numberFlaggedInvalid = state.numberFlaggedInvalid !== null && state.numberFlaggedInvalid === profile.smsNumber;
  const sms = smsEligibility(ctx.district, { optedOut: state.optedOut, smsNumber: profile.smsNumber, numberFlaggedInvalid });
  if (!sms.enabled) {
    throw new DomainError('SMS_NOT_ENABLED', `This student cannot be texted: ${sms.explanation}`, 'rule', { reason: sms.reason });
  }
  const verdict = contentVerdict(body, state, ctx.actor, ctx.district?.allowedLinkHosts ?? [], cmd.data.mediaUrls ?? []);
  if (!verdict.allowed) {
    const categories = [...new Set(verdict.violations.map((v) => v.category))].join(', ');
    throw new DomainError('CONTENT_POLICY_VIOLATION', `This text may not be sent to a student (${categories}): ${verdict.violations[0]!.message}`, 'rule', { violations: verdict.violations });
  }
  const from = threadSender(state, ctx.actor.id, ctx.senderPool);
  return [{
    type: 'SmsQueued',
    data: { studentId: profile.studentId, messageId: cmd.data.messageId, enrollmentId: enrollment.enrollmentId, staffId: ctx.actor.id, to: profile.smsNumber!, body, idempotencyKey: cmd.data.idempotencyKey, ...scheduleOf(cmd.data.sendAt, profile, ctx), ...(from ? { from } : {}) },
  }];
}

/**
 * Rule 6: "If someone from the community were to read my text, would they know who I was referring to?"
 * The guard knows the student's own data and the district's allowed link hosts; the sender's own name is fine.
 */
export function contentVerdict(body: string, state: StudentState, actor: Actor, allowedLinkHosts: readonly string[], mediaUrls: readonly string[]): ContentVerdict {
  const context = { allowedLinkHosts, senderNames: actor.name ? [actor.name] : [] };
  return strictestVerdict(contentSubjects(state), (subject) => checkContent(body, subject, context, mediaUrls));
}

/** Rule 4: the number comes off, and the seed's dated note with the staff member's initials is kept. */
export function decideOptOut(cmd: Cmd<'OptOut'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  const automatic = cmd.data.requestedBy === 'keyword' || cmd.data.requestedBy === 'carrier';
  if (automatic) requireRole(ctx, ['system'], 'record an automatic opt-out');
  else requireRole(ctx, STAFF_ROLES, 'record an opt-out request');
  const profile = requireStudent(state, ctx);
  // Staff record a request they received: a teacher only for a student they serve (the school for anyone).
  requireServesStudent(state, ctx);
  if (state.optedOut && !profile.smsNumber) return [];
  const timeZone = profile.timeZone ?? ctx.district?.timeZone ?? 'America/New_York';
  const initials = automatic ? 'automatic' : signOff(ctx.actor);
  const note = optOutNote(cmd.data.requestedBy, ctx.now, timeZone, initials, profile.smsNumber !== null);
  return [{ type: 'SmsOptedOut', data: { studentId: profile.studentId, removedNumber: profile.smsNumber, requestedBy: cmd.data.requestedBy, note } }];
}

/**
 * Rule 3, teacher first: a student's text goes to the thread whose sender number they texted (routeReply: by the
 * pair of their number and ours, else who texted them last, flagged). With no thread at all it is still recorded
 * (nothing is lost) but reaches nobody's thread.
 */
export function decideInbound(cmd: Cmd<'RecordInboundSms'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
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
    return [{ type: 'SmsReceived', data: { studentId: profile.studentId, messageId, staffId, body, channel, providerMessageId: null } }];
  }
  requireRole(ctx, ['system'], 'record texts received from the phone network');
  if (providerMessageId && state.inboundProviderIds.has(providerMessageId)) return [];
  const receivedOn = cmd.data.receivedOn ?? null;
  const route = routeReply(state, receivedOn);
  const sanitized = cmd.data.bodySanitized ? { bodySanitized: true as const } : {};
  if (!route) {
    return [{ type: 'InboundSmsUnrouted', data: { studentId: profile.studentId, messageId, body: cmd.data.body, reason: 'no_thread', providerMessageId, ...sanitized } }];
  }
  const routing = { ...(receivedOn ? { receivedOn } : {}), ...(route.mayBeForAnotherStaffMember ? { mayBeForAnotherStaffMember: true as const } : {}) };
  return [{ type: 'SmsReceived', data: { studentId: profile.studentId, messageId, staffId: route.staffId, body: cmd.data.body, channel, providerMessageId, ...routing, ...sanitized } }];
}

/** Delivery status only moves forward: queued -> sent -> delivered | failed. A late or repeated report changes nothing. */
export function decideDeliveryStatus(cmd: Cmd<'RecordDeliveryStatus'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  requireRole(ctx, ['system'], 'record delivery results');
  const profile = requireStudent(state, ctx);
  const { messageId, status, providerMessageId } = cmd.data;
  const message = state.messages.get(messageId);
  if (!message) throw new DomainError('MESSAGE_NOT_FOUND', 'No such message for this student.', 'not_found');
  if (!deliveryStatusAdvances(message.status, status)) return [];
  const studentId = profile.studentId;
  if (status === 'sent') return [{ type: 'SmsSent', data: { studentId, messageId, providerMessageId } }];
  if (status === 'delivered') return [{ type: 'SmsDelivered', data: { studentId, messageId, providerMessageId } }];
  return [{ type: 'SmsFailed', data: { studentId, messageId, reason: cmd.data.reason ?? 'The message could not be delivered.', errorCode: cmd.data.errorCode } }];
}
