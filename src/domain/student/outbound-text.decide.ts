import { checkContent, type ContentVerdict } from '../content-policy';
import type { Actor } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { requireMessage, requireStudent, requireText, type DecideContext } from './decide-context';
import { contentSubjects, strictestVerdict } from './content-subjects';
import { scheduleOf } from './send-schedule';
import { threadSender } from './sender-pool';
import { studentSmsEligibility } from './sms-eligibility';
import { MAX_SMS_LENGTH, type Cmd } from './student.commands';
import type { StudentEvent } from './student.events';
import { sendFingerprint, type EnrollmentState, type StudentState } from './student.state';
import { hasRole, RECORD_EDITORS } from '../shared/role-groups';

/**
 * An outbound text's lifecycle, as the student's record tells it:
 * 1. queued by a teacher (this file: SendSms), possibly scheduled for later (quiet hours, or the sender's choice);
 * 2. withdrawn by staff before it goes (this file: CancelScheduledSms);
 * 3. decided on when it is due, on the record as it is then (send-time.decide.ts: RecordSendAttempt);
 * 4. the network's results: sent, delivered or failed, a retry, an invalid number (delivery.decide.ts).
 * The service's own automatic answers (KeywordReplyQueued, replies.decide.ts) follow steps 3 and 4 like any text.
 */

/** Rule 2: the enrollment the text is sent for; the sender must teach it, and must pick one if several. */
function pickEnrollment(state: StudentState, ctx: DecideContext, enrollmentId: string | null): EnrollmentState {
  if (enrollmentId) {
    const named = state.enrollments.get(enrollmentId);
    if (!named)
      throw new DomainError(
        'ENROLLMENT_NOT_OF_STUDENT',
        "The enrollment named is not one of this student's enrollments.",
        'rule',
      );
    if (named.teacherId !== ctx.actor.id)
      throw new DomainError('NOT_TEACHER_OF_ENROLLMENT', 'You are not the teacher of that enrollment.', 'forbidden');
    if (!named.active) throw new DomainError('ENROLLMENT_NOT_ACTIVE', 'That enrollment has ended.', 'rule');
    return named;
  }
  const mine = [...state.enrollments.values()].filter((e) => e.active && e.teacherId === ctx.actor.id);
  if (mine.length === 0)
    throw new DomainError(
      'NOT_TEACHER_OF_ENROLLMENT',
      'You do not teach an active enrollment of this student.',
      'forbidden',
    );
  if (mine.length > 1) {
    throw new DomainError('ENROLLMENT_REQUIRED', 'This student has several enrollments with you: pick one.', 'rule', {
      enrollmentIds: mine.map((e) => e.enrollmentId),
    });
  }
  return mine[0]!;
}

export function decideSendSms(cmd: Cmd<'SendSms'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  if (ctx.actor.role !== 'teacher')
    throw new DomainError('FORBIDDEN_ROLE', 'Only teachers text students.', 'forbidden');
  const profile = requireStudent(state, ctx);
  const body = requireText(cmd.data.body, MAX_SMS_LENGTH, 'EMPTY_MESSAGE', 'message');
  const prior = state.idempotencyKeys.get(cmd.data.idempotencyKey);
  const enrollment = pickEnrollment(state, ctx, cmd.data.enrollmentId);
  if (prior) {
    // The same request retried (a double click, a lost response): one text, not two.
    if (prior.fingerprint === sendFingerprint(enrollment.enrollmentId, body)) return [];
    throw new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      'This idempotency key was already used for a different text.',
      'conflict',
    );
  }
  const sms = studentSmsEligibility(ctx.district, state, profile.smsNumber);
  if (!sms.enabled) {
    throw new DomainError('SMS_NOT_ENABLED', `This student cannot be texted: ${sms.explanation}`, 'rule', {
      reason: sms.reason,
    });
  }
  const verdict = contentVerdict(
    body,
    state,
    ctx.actor,
    ctx.district?.allowedLinkHosts ?? [],
    cmd.data.mediaUrls ?? [],
  );
  if (!verdict.allowed) {
    const categories = [...new Set(verdict.violations.map((v) => v.category))].join(', ');
    throw new DomainError(
      'CONTENT_POLICY_VIOLATION',
      `This text may not be sent to a student (${categories}): ${verdict.violations[0]!.message}`,
      'rule',
      { violations: verdict.violations },
    );
  }
  const from = threadSender(state, ctx.actor.id, ctx.senderPool);
  return [
    {
      type: 'SmsQueued',
      data: {
        studentId: profile.studentId,
        messageId: cmd.data.messageId,
        enrollmentId: enrollment.enrollmentId,
        staffId: ctx.actor.id,
        to: profile.smsNumber!,
        body,
        idempotencyKey: cmd.data.idempotencyKey,
        ...scheduleOf(cmd.data.sendAt, profile, ctx),
        ...(from ? { from } : {}),
      },
    },
  ];
}

/**
 * Rule 6: "If someone from the community were to read my text, would they know who I was referring to?"
 * The guard knows the student's own data and the district's allowed link hosts; the sender's own name is fine.
 */
export function contentVerdict(
  body: string,
  state: StudentState,
  actor: Actor,
  allowedLinkHosts: readonly string[],
  mediaUrls: readonly string[],
): ContentVerdict {
  const context = { allowedLinkHosts, senderNames: actor.name ? [actor.name] : [] };
  return strictestVerdict(contentSubjects(state), (subject) => checkContent(body, subject, context, mediaUrls));
}

/**
 * A text that has not gone out can be withdrawn by the staff member who wrote it, or by school staff. Once an attempt
 * is in flight (the provider may have it) it is too late: cancelling then could not stop the text.
 */
export function decideCancelScheduledSms(
  cmd: Cmd<'CancelScheduledSms'>,
  state: StudentState,
  ctx: DecideContext,
): StudentEvent[] {
  const profile = requireStudent(state, ctx);
  const { message, delivery } = requireMessage(state, cmd.data.messageId);
  if (delivery.reply)
    throw new DomainError(
      'NOT_SENDER_OF_MESSAGE',
      "This is the service's automatic answer to the student's text; it cannot be cancelled.",
      'forbidden',
    );
  const isSender = ctx.actor.role === 'teacher' && ctx.actor.id === message.staffId;
  if (!isSender && !hasRole(ctx.actor, RECORD_EDITORS)) {
    throw new DomainError(
      'NOT_SENDER_OF_MESSAGE',
      'Only the staff member who wrote this text, or school staff, can cancel it.',
      'forbidden',
    );
  }
  if (message.status === 'cancelled') return [];
  if (message.status !== 'queued')
    throw new DomainError(
      'SMS_ALREADY_SENT',
      `This text has already gone out (${message.status}); it cannot be cancelled.`,
      'rule',
      { status: message.status },
    );
  if (delivery.awaitingResult)
    throw new DomainError(
      'CANCEL_TOO_LATE',
      'This text is being sent right now; it can no longer be cancelled.',
      'rule',
    );
  return [
    {
      type: 'SmsCancelled',
      data: { studentId: profile.studentId, messageId: message.messageId, scheduledFor: delivery.scheduledFor },
    },
  ];
}
