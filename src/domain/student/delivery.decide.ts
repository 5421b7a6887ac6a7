import { requireMessage, requireRole, requireStudent, type DecideContext } from './decide-context';
import { deliveryStatusAdvances } from './delivery-status';
import type { Cmd } from './student.commands';
import type { StudentEvent } from './student.events';
import type { StudentState } from './student.state';

/**
 * The phone network's results for an outbound text (the last step of its lifecycle, see outbound-text.decide.ts),
 * recorded by the service (the dispatcher and the provider's status callbacks), never by a person.
 */

/**
 * A delivery report. Status only moves forward (delivery-status.ts): a late or repeated report changes nothing. A
 * report about a provider copy that was replaced by a retry (its provider id superseded) changes nothing either.
 */
export function decideDeliveryReport(
  cmd: Cmd<'RecordDeliveryStatus'>,
  state: StudentState,
  ctx: DecideContext,
): StudentEvent[] {
  requireRole(ctx, ['system'], 'record delivery results');
  const { messageId, status, providerMessageId } = cmd.data;
  const superseded = state.delivery.get(messageId)?.supersededProviderIds;
  if (providerMessageId && superseded?.includes(providerMessageId)) return [];
  const profile = requireStudent(state, ctx);
  const { message } = requireMessage(state, messageId);
  if (!deliveryStatusAdvances(message.status, status)) return [];
  const studentId = profile.studentId;
  if (status === 'sent') return [{ type: 'SmsSent', data: { studentId, messageId, providerMessageId } }];
  if (status === 'delivered') return [{ type: 'SmsDelivered', data: { studentId, messageId, providerMessageId } }];
  return [
    {
      type: 'SmsFailed',
      data: {
        studentId,
        messageId,
        reason: cmd.data.reason ?? 'The message could not be delivered.',
        errorCode: cmd.data.errorCode,
      },
    },
  ];
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
    const current =
      (message.status === 'sent' && message.providerMessageId === providerMessageId) ||
      (message.status === 'queued' && delivery.awaitingResult);
    if (!current) return [];
  } else if (message.status !== 'queued' || !delivery.awaitingResult) {
    return [];
  }
  return [
    {
      type: 'SmsRetryScheduled',
      data: {
        studentId: profile.studentId,
        messageId,
        attempt: message.attempts,
        retryAt,
        errorCode,
        reason,
        outcome,
        supersededProviderMessageId: providerMessageId,
      },
    },
  ];
}

/** Flags the number the text went to, if it is still the number on file and not flagged already. */
export function decideFlagInvalidNumber(
  cmd: Cmd<'FlagInvalidNumber'>,
  state: StudentState,
  ctx: DecideContext,
): StudentEvent[] {
  requireRole(ctx, ['system'], 'flag numbers reported invalid');
  const profile = requireStudent(state, ctx);
  const { delivery } = requireMessage(state, cmd.data.messageId);
  // The registrar may already have replaced the number: a report about the old one says nothing about the new one.
  if (profile.smsNumber !== delivery.to || state.numberFlaggedInvalid === delivery.to) return [];
  return [
    {
      type: 'SmsNumberFlaggedInvalid',
      data: {
        studentId: profile.studentId,
        messageId: cmd.data.messageId,
        number: delivery.to,
        errorCode: cmd.data.errorCode,
        reason: cmd.data.reason,
      },
    },
  ];
}
