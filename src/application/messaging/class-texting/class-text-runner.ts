import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  CLASS_TEXT_INDEX_STREAM,
  classTextJobStreamId,
  countOutcomes,
  evolveJob,
  initialJobState,
  openJobs,
  remainingRecipients,
  type ClassTextIndexEvent,
  type ClassTextJobEvent,
  type ClassTextJobState,
  type ClassTextRecipient,
  type ClassTextResult,
} from '../../../domain/class-texting/class-text-job';
import { DomainError } from '../../../domain/shared/domain-error';
import { fillPlaceholders } from '../../../domain/templates/placeholders';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '../../ports/clock.port';
import { ConcurrencyError, EVENT_STORE, type EventStore } from '../../ports/event-store.port';
import { SendSmsCommand } from '../send-sms/send-sms.command';
import type { CommandEnvelope } from '../../shared/command-envelope';
import { asDomainEvent, toEventData } from '../../shared/to-event-data';

/** Students whose results are recorded together (one append to the job's stream). */
export const CLASS_TEXT_CHUNK = 50;
/** Students of one chunk texted at the same time (their streams are different, so they do not conflict). */
const PARALLEL_SENDS = 8;

/** false: do not resume open jobs on boot (the CLI and tests that drive reactions by hand start no reactions). */
export const RESUME_CLASS_TEXTS = Symbol('RESUME_CLASS_TEXTS');

export interface LoadedJob {
  state: ClassTextJobState;
  revision: bigint | null;
  /** Who started it and the request's correlation id: every student's SendSms runs as that teacher. */
  env: CommandEnvelope | null;
}

/**
 * Runs class-text jobs: each remaining student's text is the existing SendSms command (every one-student rule holds:
 * consent and SMS Enabled at send time, enrollment, quiet hours, the content guard on the filled text), with the
 * idempotency key `<jobId>:<studentId>`, so a student texted before an interruption is not texted again on resume.
 * Results are recorded per chunk; on boot every job still open in the index is resumed.
 */
@Injectable()
export class ClassTextRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ClassTexting');
  private readonly running = new Map<string, Promise<LoadedJob>>();
  private stopping = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly commands: CommandBus,
    @Optional() @Inject(RESUME_CLASS_TEXTS) private readonly resumeOnBoot: boolean = true,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.resumeOnBoot) return;
    void this.resumeOpenJobs().catch((error: unknown) =>
      this.logger.error(`Open class texts could not be resumed: ${(error as Error).message}`),
    );
  }

  /** Stops between two students; the chunk under way is not recorded (the same path as a crash: see run). */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running.values()]);
  }

  async resumeOpenJobs(): Promise<void> {
    const index = await this.store.readStream(CLASS_TEXT_INDEX_STREAM);
    for (const { jobId } of openJobs(index.map((e) => asDomainEvent<ClassTextIndexEvent>(e)))) {
      if (this.stopping) return;
      void this.run(jobId).catch((error: unknown) =>
        this.logger.warn(`Class text ${jobId} stopped: ${(error as Error).message}; it resumes on the next start`),
      );
    }
  }

  async load(jobId: string): Promise<LoadedJob> {
    const history = await this.store.readStream(classTextJobStreamId(jobId));
    const state = initialJobState();
    for (const e of history) evolveJob(state, asDomainEvent<ClassTextJobEvent>(e));
    const first = history[0];
    const env = first
      ? { actor: first.metadata.actor, correlationId: first.metadata.correlationId, causationId: first.id }
      : null;
    return { state, revision: history.length ? history[history.length - 1]!.revision : null, env };
  }

  /** Runs the job to its end (or until the service stops); one run per job in this process. */
  run(jobId: string): Promise<LoadedJob> {
    const current = this.running.get(jobId);
    if (current) return current;
    const run = this.runToEnd(jobId).finally(() => this.running.delete(jobId));
    this.running.set(jobId, run);
    return run;
  }

  private async runToEnd(jobId: string): Promise<LoadedJob> {
    let job = await this.load(jobId);
    while (!job.state.finished && job.state.started && job.env) {
      const chunk = remainingRecipients(job.state).slice(0, CLASS_TEXT_CHUNK);
      const events: ClassTextJobEvent[] = [];
      if (chunk.length > 0) {
        const results = await this.sendChunk(job, chunk, job.env);
        // Stopped part-way: nothing of this chunk is recorded. On resume its students are sent again with the same
        // keys; those already queued answer "already so" (no second text) and are recorded then.
        if (results === null) return job;
        events.push({ type: 'ClassTextStudentsDone', data: { jobId, results } });
      }
      const after = { ...job.state, results: new Map(job.state.results) };
      for (const e of events) evolveJob(after, e);
      if (remainingRecipients(after).length === 0)
        events.push({ type: 'ClassTextJobFinished', data: { jobId, ...countOutcomes(after.results.values()) } });
      try {
        await this.store.append(
          classTextJobStreamId(jobId),
          toEventData(events, 'RunClassText', job.env, this.clock.now(), this.ids),
          job.revision ?? 'no_stream',
        );
      } catch (error) {
        // Another runner (a second replica) recorded first: carry on from what it recorded.
        if (!(error instanceof ConcurrencyError)) throw error;
      }
      job = await this.load(jobId);
    }
    if (job.state.finished) await this.closeInIndex(jobId, job);
    return job;
  }

  private async closeInIndex(jobId: string, job: LoadedJob): Promise<void> {
    const index = await this.store.readStream(CLASS_TEXT_INDEX_STREAM);
    const open = openJobs(index.map((e) => asDomainEvent<ClassTextIndexEvent>(e))).some((j) => j.jobId === jobId);
    if (open)
      await this.store.append(
        CLASS_TEXT_INDEX_STREAM,
        toEventData(
          [{ type: 'ClassTextJobClosed', data: { jobId } }],
          'RunClassText',
          job.env!,
          this.clock.now(),
          this.ids,
        ),
        'any',
      );
  }

  private async sendChunk(
    job: LoadedJob,
    chunk: ClassTextRecipient[],
    env: CommandEnvelope,
  ): Promise<ClassTextResult[] | null> {
    const results: ClassTextResult[] = [];
    for (let i = 0; i < chunk.length; i += PARALLEL_SENDS) {
      if (this.stopping) return null;
      results.push(...(await Promise.all(chunk.slice(i, i + PARALLEL_SENDS).map((r) => this.sendOne(job, r, env)))));
    }
    return results;
  }

  private async sendOne(job: LoadedJob, recipient: ClassTextRecipient, env: CommandEnvelope): Promise<ClassTextResult> {
    const started = job.state.started!;
    const none = { messageId: null, scheduledFor: null, code: null, reason: null, explanation: null, violations: [] };
    if (recipient.enrollmentId === null) {
      return {
        ...none,
        studentId: recipient.studentId,
        outcome: 'not_sent',
        code: 'NOT_IN_SECTION',
        explanation: `This student is not enrolled in ${started.className} with you.`,
      };
    }
    const body = fillPlaceholders(started.body, {
      firstName: recipient.firstName,
      className: started.className,
      teacherName: started.teacherName,
    });
    try {
      const out = await this.commands.execute(
        new SendSmsCommand(
          recipient.studentId,
          {
            enrollmentId: recipient.enrollmentId,
            body,
            idempotencyKey: studentKey(started.jobId, recipient.studentId),
            sendAt: started.sendAt,
          },
          env,
        ),
      );
      const r = out.result;
      return {
        ...none,
        studentId: recipient.studentId,
        outcome: r.status === 'scheduled' ? 'scheduled' : 'queued',
        messageId: r.messageId,
        scheduledFor: r.scheduledFor,
      };
    } catch (error) {
      // A refusal of this one student's text (a rule, not a failure of the service) is their answer; anything
      // else (the store down) stops the job, which resumes later.
      if (!(error instanceof DomainError)) throw error;
      const details = error.details ?? {};
      const violations = Array.isArray(details.violations)
        ? [...new Set((details.violations as { category: string }[]).map((v) => v.category))]
        : [];
      return {
        ...none,
        studentId: recipient.studentId,
        outcome: 'not_sent',
        code: error.code,
        reason: typeof details.reason === 'string' ? details.reason : null,
        explanation: error.message,
        violations,
      };
    }
  }
}

/** Each student's idempotency key: the job (itself named by the teacher's batch key) and the student. */
export const studentKey = (jobId: string, studentId: string): string => `class-text:${jobId}:${studentId}`;
