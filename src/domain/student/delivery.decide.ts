import { DomainError } from '../shared/domain-error';
import { requireRole, requireStudent, type DecideContext } from './decide-context';
import { decideDeliveryStatus } from './messaging.decide';
import type { Cmd } from './student.commands';
import type { StudentEvent } from './student.events';
import type { StudentState } from './student.state';
import { hasRole, RECORD_EDITORS } from '../shared/role-groups';

function requireMessage(state: StudentState, messageId: string) {
  const message = state.messages.get(messageId);
  const delivery = state.delivery.get(messageId);
  if (!message || !delivery) throw new DomainError('MESSAGE_NOT_FOUND', 'No such message for this student.', 'not_found');
  return { message, delivery };
}

/**
 * A delivery report, forward-only (the core rule), and deduplicated across provider copies: a report about a copy
 * that was replaced by a retry (its provider id superseded) changes nothing.
 */
export function decideDeliveryReport(cmd: Cmd<'RecordDeliveryStatus'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  const delivery = state.delivery.get(cmd.data.messageId);
  const { providerMessageId } = cmd.data;
  if (delivery && providerMessageId && delivery.supersededProviderIds.includes(providerMessageId)) {
    requireRole(ctx, ['system'], 'record delivery results');
    return [];
  }
  return decideDeliveryStatus(cmd, state, ctx);
}

/**
 * A failure worth another try. Synchronous (no provider copy): only for an attempt whose result is awaited. After an
 * undelivered copy (30003): only for the copy the message currently points at, once.
 */
export function decideSendRetry(cmd: Cmd<'RecordSendRetry'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  requireRole(ctx, ['system'], 'schedule send retries');
  const profile = requireStudent(state, ctx);
  const { messageId, retryAt, errorCode, reason, outcome, providerMessageId } = cmd.data;
  const { message, delivery } = requireMessage(state, messageId);
  if (providerMessageId) {
    if (delivery.supersededProviderIds.includes(providerMessageId)) return [];
    const current = (message.status === 'sent' && message.providerMessageId === providerMessageId) || (message.status === 'queued' && delivery.awaitingResult);
    if (!current) return [];
  } else if (message.status !== 'queued' || !delivery.awaitingResult) {
    return [];
  }
  return [{
    type: 'SmsRetryScheduled',
    data: { studentId: profile.studentId, messageId, attempt: message.attempts, retryAt, errorCode, reason, outcome, supersededProviderMessageId: providerMessageId },
  }];
}

/** Flags the number the text went to, if it is still the number on file and not flagged already. */
export function decideFlagInvalidNumber(cmd: Cmd<'FlagInvalidNumber'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  requireRole(ctx, ['system'], 'flag numbers reported invalid');
  const profile = requireStudent(state, ctx);
  const { delivery } = requireMessage(state, cmd.data.messageId);
  // The registrar may already have replaced the number: a report about the old one says nothing about the new one.
  if (profile.smsNumber !== delivery.to || state.numberFlaggedInvalid === delivery.to) return [];
  return [{ type: 'SmsNumberFlaggedInvalid', data: { studentId: profile.studentId, messageId: cmd.data.messageId, number: delivery.to, errorCode: cmd.data.errorCode, reason: cmd.data.reason } }];
}

/**
 * A text that has not gone out can be withdrawn by the staff member who wrote it, or by school staff. Once an attempt
 * is in flight (the provider may have it) it is too late: cancelling then could not stop the text.
 */
export function decideCancelScheduledSms(cmd: Cmd<'CancelScheduledSms'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  const profile = requireStudent(state, ctx);
  const { message, delivery } = requireMessage(state, cmd.data.messageId);
  if (delivery.reply) throw new DomainError('NOT_SENDER_OF_MESSAGE', 'This is the service\'s automatic answer to the student\'s text; it cannot be cancelled.', 'forbidden');
  const isSender = ctx.actor.role === 'teacher' && ctx.actor.id === message.staffId;
  if (!isSender && !hasRole(ctx.actor, RECORD_EDITORS)) {
    throw new DomainError('NOT_SENDER_OF_MESSAGE', 'Only the staff member who wrote this text, or school staff, can cancel it.', 'forbidden');
  }
  if (message.status === 'cancelled') return [];
  if (message.status !== 'queued') throw new DomainError('SMS_ALREADY_SENT', `This text has already gone out (${message.status}); it cannot be cancelled.`, 'rule', { status: message.status });
  if (delivery.awaitingResult) throw new DomainError('CANCEL_TOO_LATE', 'This text is being sent right now; it can no longer be cancelled.', 'rule');
  return [{ type: 'SmsCancelled', data: { studentId: profile.studentId, messageId: message.messageId, scheduledFor: delivery.scheduledFor } }];
}
