import type { KeywordReplyQueued } from '../../../domain/student/student.events';
import type { SmsQueued } from '../../../domain/student/student.events';
import type { StudentKey } from '../../../domain/student/student-stream';
import type { StudentState } from '../../../domain/student/student.state';
import type { Clock } from '../../ports/clock.port';
import type { EventStore } from '../../ports/event-store.port';
import { SmsGatewayError, type ProviderMessageLookup, type SmsGateway } from '../../ports/sms-gateway.port';
import type { CommandEnvelope } from '../../shared/command-envelope';
import type { StudentCommandRunner } from '../../shared/student-command-runner';
import type { DispatchProbe, DispatchStep } from './dispatch-options';
import type { DispatchTarget } from './dispatch-queue';
import type { SmsFailureReactions } from './failure-reactions';
import { systemEnvelope } from './system-actor';

const keyOf = (target: DispatchTarget): StudentKey => ({ districtId: target.districtId, studentId: target.studentId });

export type WorkflowOutcome = 'done' | { waitUntil: number };

/** Clocks disagree a little; a provider copy created slightly "before" we queued the text is still ours. */
const LOOKUP_SKEW_MS = 10 * 60_000;
/** How long after queueing a text still 'sent' is looked up: past this, the provider will not learn more either. */
const RECOVERY_HORIZON_MS = 3 * 86_400_000;

/** Thrown at the next step after the dispatcher was halted: a dead process records and sends nothing more. */
export class DispatcherHalted extends Error {
  constructor() {
    super('The SMS dispatcher was halted');
    this.name = 'DispatcherHalted';
  }
}

export interface SmsSendWorkflowDeps {
  runner: StudentCommandRunner;
  store: EventStore;
  gateway: SmsGateway;
  clock: Clock;
  /** Resolves when one more send may start (SendPacer). */
  limiter: { acquire(): Promise<void> };
  reactions: SmsFailureReactions;
  probe: DispatchProbe | undefined;
  alive: () => boolean;
  /** See SmsDispatchOptions.statusRecoveryAfterMs. */
  statusRecoveryAfterMs: number;
}

/**
 * Sends one text at most once. Steps, each written down before the next: (1) re-read the student (cancelled? sent?
 * not due yet?); (2) if an earlier attempt has no result, ask the provider whether it has the text and record what it
 * says instead of sending again; (3) decide now whether it may go (the domain records the attempt naming the number
 * on file now, or cancels it with a reason, or holds it for quiet hours); (4) wait for the rate limiter; (5) call the
 * provider with exactly the number the attempt named; (6) record its answer. A crash between any two steps leaves either nothing done or an attempt with no result,
 * which step 2 resolves on restart (a status callback carrying our message id may resolve it first).
 */
export class SmsSendWorkflow {
  constructor(private readonly deps: SmsSendWorkflowDeps) {}

  async run(target: DispatchTarget): Promise<WorkflowOutcome> {
    const { runner, gateway, clock } = this.deps;
    const { studentId, messageId } = target;
    const student: StudentKey = { districtId: target.districtId, studentId };
    const { state } = await runner.read(student);
    const message = state.messages.get(messageId);
    const delivery = state.delivery.get(messageId);
    const districtId = state.profile?.districtId;
    if (!message || !delivery || !districtId) return 'done';
    const env = systemEnvelope(`dispatcher:${gateway.name}`, districtId, target.correlationId, target.causationId);
    if (message.status === 'sent' && message.providerMessageId)
      return this.recoverReport(target, message.providerMessageId, env);
    if (message.status !== 'queued') return 'done';
    const due = Math.max(instant(delivery.scheduledFor), instant(delivery.retryAt));
    if (due > clock.now().getTime()) return { waitUntil: due };

    const text = await this.textOf(target);
    if (delivery.awaitingResult) {
      const found = await gateway.findByMessageId(messageId, {
        to: delivery.to,
        body: text.body,
        notBefore: new Date(instant(text.queuedAt) - LOOKUP_SKEW_MS),
        excludeProviderIds: knownProviderIds(state),
      });
      if (found) return this.recordFound(student, messageId, found, env);
    }

    this.checkAlive();
    // The decision to send is the domain's, on the stream and the policy as they are now (decideSendAttempt).
    const [decided] = (await runner.run(student, { type: 'RecordSendAttempt', data: { messageId } }, env)).events;
    if (decided?.type === 'SmsRescheduled') return { waitUntil: instant(decided.data.scheduledFor) };
    if (decided?.type !== 'SmsSendAttempted') return 'done';
    const to = decided.data.to ?? delivery.to;
    await this.step('attempt_recorded', messageId);
    // Paced right before the call, so what reaches the provider keeps the rate whatever recording cost.
    await this.deps.limiter.acquire();
    this.checkAlive();
    let providerMessageId: string;
    try {
      ({ providerMessageId } = await gateway.send({
        messageId,
        studentId,
        districtId: target.districtId,
        to,
        from: delivery.from ?? state.threadSenders.get(message.staffId) ?? null,
        body: text.body,
      }));
    } catch (error) {
      if (!(error instanceof SmsGatewayError)) throw error;
      this.checkAlive();
      await this.deps.reactions.react(
        student,
        {
          messageId,
          kind: error.kind,
          code: error.providerCode,
          reason: error.message,
          providerMessageId: null,
          ambiguous: error.ambiguous,
        },
        env,
      );
      return this.afterFailure(student, messageId);
    }
    await this.step('provider_accepted', messageId);
    await runner.run(
      student,
      {
        type: 'RecordDeliveryStatus',
        data: { messageId, status: 'sent', providerMessageId, reason: null, errorCode: null },
      },
      env,
    );
    await this.step('status_recorded', messageId);
    return this.awaitReport();
  }

  /** Sent: the delivery report should come by itself; if it has not after a while, ask (recoverReport). */
  private awaitReport(): WorkflowOutcome {
    const after = this.deps.statusRecoveryAfterMs;
    return after > 0 ? { waitUntil: this.deps.clock.now().getTime() + after } : 'done';
  }

  /**
   * A text still 'sent' when its wait is over (or found so after a restart): its delivery report was lost or is late.
   * Ask the provider for the copy's status now and record a final one as if the report had come; still on its way:
   * ask again later, until RECOVERY_HORIZON_MS after it was queued (a carrier that never reports leaves it 'sent').
   */
  private async recoverReport(
    target: DispatchTarget,
    providerMessageId: string,
    env: CommandEnvelope,
  ): Promise<WorkflowOutcome> {
    if (this.deps.statusRecoveryAfterMs <= 0) return 'done';
    const { queuedAt } = await this.textOf(target);
    if (this.deps.clock.now().getTime() - instant(queuedAt) > RECOVERY_HORIZON_MS) return 'done';
    this.checkAlive();
    const found = await this.deps.gateway.statusOf(providerMessageId);
    if (!found || found.status === 'queued' || found.status === 'sent') return this.awaitReport();
    return this.recordFound(keyOf(target), target.messageId, found, env);
  }

  /** The provider had the text after all: record what it knows, exactly as if it had just answered. */
  private async recordFound(
    student: StudentKey,
    messageId: string,
    found: ProviderMessageLookup,
    env: CommandEnvelope,
  ): Promise<WorkflowOutcome> {
    this.checkAlive();
    if (found.status === 'failed') {
      const failure = {
        messageId,
        kind: found.failureKind ?? ('rejected' as const),
        code: found.errorCode,
        reason: found.reason ?? 'The phone network did not deliver the text.',
        providerMessageId: found.providerMessageId,
        ambiguous: false,
      };
      await this.deps.reactions.react(student, failure, env);
      return this.afterFailure(student, messageId);
    }
    const status = found.status === 'queued' ? 'sent' : found.status;
    await this.deps.runner.run(
      student,
      {
        type: 'RecordDeliveryStatus',
        data: {
          messageId,
          status,
          providerMessageId: found.providerMessageId,
          reason: null,
          errorCode: found.errorCode,
        },
      },
      env,
    );
    return status === 'sent' ? this.awaitReport() : 'done';
  }

  /** After a failure was recorded: wait for the retry, or done. */
  private async afterFailure(student: StudentKey, messageId: string): Promise<WorkflowOutcome> {
    const { state } = await this.deps.runner.read(student);
    const retryAt = state.delivery.get(messageId)?.retryAt;
    return state.messages.get(messageId)?.status === 'queued' && retryAt ? { waitUntil: instant(retryAt) } : 'done';
  }

  /** The number and body come with the SmsQueued event; a target born of a later event reads them from the stream. */
  private async textOf(target: DispatchTarget): Promise<{ body: string; queuedAt: string }> {
    if (target.body !== undefined && target.queuedAt !== undefined)
      return { body: target.body, queuedAt: target.queuedAt };
    const events = await this.deps.store.readStream(await this.deps.runner.streams.studentStream(keyOf(target)));
    const queued = events.find(
      (e) =>
        (e.type === 'SmsQueued' || e.type === 'KeywordReplyQueued') &&
        (e.data as SmsQueued['data']).messageId === target.messageId,
    );
    if (!queued) throw new Error(`SmsQueued for message ${target.messageId} is missing from its stream`);
    return {
      body: (queued.data as SmsQueued['data'] | KeywordReplyQueued['data']).body,
      queuedAt: queued.metadata.occurredAt,
    };
  }

  private async step(step: DispatchStep, messageId: string): Promise<void> {
    await this.deps.probe?.after(step, messageId);
    this.checkAlive();
  }

  private checkAlive(): void {
    if (!this.deps.alive()) throw new DispatcherHalted();
  }
}

const instant = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : 0);

/** Provider ids already claimed by the student's texts (and replaced copies): a lookup must not match them again. */
function knownProviderIds(state: StudentState): string[] {
  const ids: string[] = [];
  for (const m of state.messages.values()) if (m.providerMessageId) ids.push(m.providerMessageId);
  for (const d of state.delivery.values()) ids.push(...d.supersededProviderIds);
  return ids;
}
