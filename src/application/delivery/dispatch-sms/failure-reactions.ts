import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../ports/clock.port';
import type { SmsRejectionKind } from '../../ports/sms-gateway.port';
import type { CommandEnvelope } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import type { StudentKey } from '../../../domain/student/student-stream';
import { backoffMs, SMS_DISPATCH_OPTIONS, type SmsDispatchOptions } from './dispatch-options';

export interface SmsFailure {
  messageId: string;
  kind: SmsRejectionKind;
  code: string | null;
  reason: string;
  /** The provider's copy that failed (a delivery report), or null when the provider refused the request itself. */
  providerMessageId: string | null;
  /** The provider may have the text anyway (timeout, 5xx). */
  ambiguous: boolean;
}

export type FailureOutcome = 'retry_scheduled' | 'failed' | 'ignored';

/**
 * What a refused or undelivered text means, the same whether the provider said so when we sent (the dispatcher) or
 * later (a delivery report): invalid number -> failed and the number flagged for the registrar; unsubscribed ->
 * failed and the student opted out (source "carrier"); retryable -> tried again with backoff up to the limit, then
 * failed with the code; anything else -> failed with the provider's code and message.
 */
@Injectable()
export class SmsFailureReactions {
  constructor(
    private readonly runner: StudentCommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SMS_DISPATCH_OPTIONS) private readonly options: SmsDispatchOptions,
  ) {}

  async react(student: StudentKey, failure: SmsFailure, env: CommandEnvelope): Promise<FailureOutcome> {
    const { messageId, kind, code, providerMessageId } = failure;
    let reason = failure.reason;
    if (kind === 'retryable') {
      const { state } = await this.runner.read(student);
      const attempts = state.messages.get(messageId)?.attempts ?? 0;
      if (attempts <= this.options.maxRetries) {
        const retryAt = new Date(
          this.clock.now().getTime() + backoffMs(this.options, Math.max(1, attempts)),
        ).toISOString();
        const outcome = failure.ambiguous ? 'unknown' : 'not_accepted';
        const r = await this.runner.run(
          student,
          {
            type: 'RecordSendRetry',
            data: { messageId, retryAt, errorCode: code, reason, outcome, providerMessageId },
          },
          env,
        );
        // Nothing recorded: the text has moved on meanwhile (a report arrived, or this is a repeated report).
        return r.events.length > 0 ? 'retry_scheduled' : 'ignored';
      }
      reason = `${reason} Gave up after ${attempts} attempts.`;
    }
    const failed = await this.runner.run(
      student,
      {
        type: 'RecordDeliveryStatus',
        data: { messageId, status: 'failed', providerMessageId, reason, errorCode: code },
      },
      env,
    );
    if (kind === 'invalid_number') {
      await this.runner.run(student, { type: 'FlagInvalidNumber', data: { messageId, errorCode: code, reason } }, env);
    } else if (kind === 'unsubscribed') {
      await this.runner.run(student, { type: 'OptOut', data: { requestedBy: 'carrier' } }, env);
    }
    return failed.events.length > 0 ? 'failed' : 'ignored';
  }
}
