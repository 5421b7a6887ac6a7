import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { KeywordReplyQueued, SmsCancelled, SmsRetryScheduled } from '../../../domain/student/student.events';
import type { SmsQueued } from '../../../domain/student/student.events';
import { CHECKPOINT_STORE, type CheckpointStore } from '../../ports/checkpoint-store.port';
import { CLOCK, type Clock } from '../../ports/clock.port';
import { EVENT_STORE, type EventStore, type RecordedEvent, type Subscription } from '../../ports/event-store.port';
import { SMS_GATEWAY, type SmsGateway } from '../../ports/sms-gateway.port';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { parseStudentStreamId } from '../../../domain/student/student-stream';
import {
  SMS_DISPATCH_OPTIONS,
  SMS_DISPATCH_PROBE,
  type DispatchProbe,
  type SmsDispatchOptions,
} from './dispatch-options';
import { DispatchQueue, type DispatchTarget } from './dispatch-queue';
import { SmsFailureReactions } from './failure-reactions';
import { SendPacer } from './send-pacer';
import { SmsSendWorkflow, type WorkflowOutcome } from './sms-send.workflow';

const CHECKPOINT = 'sms-dispatcher';
const SAVE_EVERY = 500;
/** An unexpected error (the store is down) is not a verdict on the text: try it again after this long. */
const ERROR_RETRY_MS = 5_000;
/** Pause before resubscribing after the subscription failed (the store is down). */
const RESUBSCRIBE_MS = 1_000;

/**
 * Sends queued texts: a reaction to SmsQueued, KeywordReplyQueued and SmsRetryScheduled, never part of a command. A
 * sent text stays until its delivery report (SmsDelivered/SmsFailed) arrives; if none comes, the workflow asks the
 * provider. The log feeds a queue of pending texts; due ones are sent, paced by the rate limiter, a few at a time, never two for one student at
 * once. Scheduled texts and retries wait in the queue until due.
 *
 * The checkpoint is a low-water mark: just before the oldest text not yet finished. A restart replays the log from
 * there and rebuilds the queue (a text already sent reads as sent and is skipped), so a text scheduled for tomorrow
 * is never lost to a restart. The price is replaying at most the scheduling horizon (30 days) after a restart
 * while such a text waits; the alternative, a second store of pending texts, would be a second source of truth.
 *
 * Run one dispatcher per deployment: the rate limit and the per-student ordering are per process.
 */
@Injectable()
export class SmsDispatcher {
  private readonly logger = new Logger(SmsDispatcher.name);
  private readonly queue = new DispatchQueue();
  private readonly workflow: SmsSendWorkflow;
  private readonly inFlight = new Set<Promise<void>>();
  private subscription: Subscription | null = null;
  private loop: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastSeen: bigint | undefined;
  private savedAt: bigint | undefined;
  private dirty = false;
  private saving: Promise<void> = Promise.resolve();
  private mode: 'idle' | 'running' | 'stopping' | 'halted' = 'idle';

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(SMS_GATEWAY) gateway: SmsGateway,
    runner: StudentCommandRunner,
    reactions: SmsFailureReactions,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SMS_DISPATCH_OPTIONS) private readonly options: SmsDispatchOptions,
    @Optional() @Inject(SMS_DISPATCH_PROBE) probe?: DispatchProbe,
  ) {
    const limiter = new SendPacer(options.ratePerSecond);
    this.workflow = new SmsSendWorkflow({
      runner,
      store,
      gateway,
      clock,
      limiter,
      reactions,
      probe,
      alive: () => this.mode !== 'halted',
      statusRecoveryAfterMs: options.statusRecoveryAfterMs,
    });
  }

  async start(): Promise<void> {
    const after = await this.checkpoints.load(CHECKPOINT);
    this.lastSeen = this.savedAt = after;
    this.mode = 'running';
    this.subscription = this.store.subscribeToAll(after === undefined ? {} : { after });
    this.loop = this.consume(this.subscription);
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  /** Graceful: no new sends, the ones in flight finish, the checkpoint is saved. */
  async stop(): Promise<void> {
    if (this.mode === 'running') this.mode = 'stopping';
    this.clearTimer();
    await this.subscription?.close();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    if (this.mode === 'stopping') {
      this.dirty = true;
      this.saveSoon();
      await this.saving;
      this.mode = 'idle';
    }
    this.subscription = null;
  }

  /** As if the process died right now: nothing more is recorded, sent or checkpointed (crash tests). */
  halt(): void {
    this.mode = 'halted';
    this.clearTimer();
    void this.subscription?.close();
  }

  /** Texts not finished yet: waiting (scheduled, retrying, or sent and waiting for the delivery report) or in flight. */
  get pending(): number {
    return this.queue.size;
  }

  private async consume(subscription: Subscription): Promise<void> {
    let unseen = 0;
    try {
      for await (const event of subscription) {
        if (this.mode !== 'running') break;
        this.observe(event);
        this.lastSeen = event.position;
        this.dirty = true;
        if (++unseen >= SAVE_EVERY) {
          unseen = 0;
          this.saveSoon();
        }
        this.pump();
      }
    } catch (error) {
      if (this.mode !== 'running') return;
      // The queue still holds everything seen so far: resume right after the last event observed.
      this.logger.warn({ err: describe(error) }, 'SMS dispatcher lost its subscription; it resubscribes shortly');
      await new Promise((resolve) => setTimeout(resolve, RESUBSCRIBE_MS));
      if (this.mode !== 'running') return;
      this.subscription = this.store.subscribeToAll(this.lastSeen === undefined ? {} : { after: this.lastSeen });
      return this.consume(this.subscription);
    }
  }

  private observe(event: RecordedEvent): void {
    const common = {
      position: event.position,
      correlationId: event.metadata.correlationId,
      causationId: event.id,
      // The student's district: in a scoped stream's name; a legacy stream's events act for it (system-actor.ts).
      districtId: parseStudentStreamId(event.streamId)?.districtId ?? event.metadata.actor.districtId,
    };
    if (event.type === 'SmsQueued' || event.type === 'KeywordReplyQueued') {
      // A keyword answer is an outbound text like any other (its send-time rules are the domain's).
      const d = event.data as SmsQueued['data'] | KeywordReplyQueued['data'];
      const dueAt = 'scheduledFor' in d && d.scheduledFor ? Date.parse(d.scheduledFor) : 0;
      this.queue.add({
        ...common,
        messageId: d.messageId,
        studentId: d.studentId,
        dueAt,
        to: d.to,
        body: d.body,
        queuedAt: event.metadata.occurredAt,
      });
    } else if (event.type === 'SmsRetryScheduled') {
      const d = event.data as SmsRetryScheduled['data'];
      this.queue.add({ ...common, messageId: d.messageId, studentId: d.studentId, dueAt: Date.parse(d.retryAt) });
    } else if (event.type === 'SmsCancelled' || event.type === 'SmsDelivered' || event.type === 'SmsFailed') {
      // Finished: a text waiting for its delivery report (or to be sent) has nothing left to wait for.
      this.queue.drop((event.data as SmsCancelled['data']).messageId);
    }
  }

  private tick(): void {
    this.pump();
    this.saveSoon();
  }

  private pump(): void {
    if (this.mode !== 'running') return;
    const now = this.clock.now().getTime();
    while (this.inFlight.size < this.options.concurrency) {
      const target = this.queue.takeDue(now);
      if (!target) return;
      const run: Promise<void> = this.process(target).finally(() => {
        this.inFlight.delete(run);
        this.pump();
      });
      this.inFlight.add(run);
    }
  }

  private async process(target: DispatchTarget): Promise<void> {
    let next: WorkflowOutcome;
    try {
      next = await this.workflow.run(target);
    } catch (error) {
      // Halted: leave the text unfinished, exactly as a dead process would.
      if (this.mode === 'halted') return;
      this.logger.error(
        { err: describe(error), messageId: target.messageId },
        'Sending a text failed unexpectedly; it is tried again shortly',
      );
      next = { waitUntil: this.clock.now().getTime() + ERROR_RETRY_MS };
    }
    if (this.mode === 'halted') return;
    this.queue.finish(target.messageId, next);
    this.dirty = true;
  }

  /** Saves the low-water mark if it moved; saves are chained so they never overtake each other. */
  private saveSoon(): void {
    if (!this.dirty || this.mode === 'halted') return;
    this.dirty = false;
    this.saving = this.saving
      .then(async () => {
        if (this.mode === 'halted') return;
        const mark = this.queue.lowWaterMark(this.lastSeen);
        if (mark === undefined || (this.savedAt !== undefined && mark <= this.savedAt)) return;
        await this.checkpoints.save(CHECKPOINT, mark);
        this.savedAt = mark;
      })
      .catch((error: unknown) => {
        this.dirty = true;
        this.logger.warn({ err: describe(error) }, 'Could not save the SMS dispatcher checkpoint; it is tried again');
      });
  }

  private clearTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
