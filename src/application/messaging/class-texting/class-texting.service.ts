import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CLASS_TEXT_INDEX_STREAM,
  classTextJobStreamId,
  countOutcomes,
  type ClassTextJobEvent,
  type ClassTextRecipient,
  type ClassTextResult,
} from '../../../domain/class-texting/class-text-job';
import type { Actor } from '../../../domain/shared/actor';
import { DomainError } from '../../../domain/shared/domain-error';
import { textDigest } from '../../../domain/shared/text-digest';
import { requireText } from '../../../domain/student/decide-context';
import { scheduleOf } from '../../../domain/student/send-schedule';
import { MAX_SMS_LENGTH } from '../../../domain/student/student.commands';
import { requireKnownPlaceholders } from '../../../domain/templates/placeholders';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '../../ports/clock.port';
import { ConcurrencyError, EVENT_STORE, type EventStore } from '../../ports/event-store.port';
import { SECTION_ROSTER, type SectionRoster } from '../../ports/section-roster.port';
import type { CommandEnvelope } from '../../shared/command-envelope';
import { toEventData } from '../../shared/to-event-data';
import { TemplateLibraryService } from '../templates/template-library.service';
import { ClassTextRunner, type LoadedJob } from './class-text-runner';

/** Up to this many students the request waits for every answer; a larger class text runs as a tracked job. */
export const INLINE_CLASS_TEXT_LIMIT = 200;
export const MAX_CLASS_TEXT_STUDENTS = 5000;

export interface ClassTextRequest {
  sectionId: string;
  body: string | null;
  templateId: string | null;
  /** null: every student of the section. */
  studentIds: string[] | null;
  batchKey: string;
  sendAt: string | null;
}

export interface ClassTextView {
  jobId: string;
  sectionId: string;
  className: string;
  templateId: string | null;
  status: 'running' | 'finished';
  total: number;
  done: number;
  counts: { queued: number; scheduled: number; notSent: number };
  students: ClassTextResult[];
}

/** The job's id: one per teacher and batch key, so a repeated request finds the job the first one started. */
const jobIdFor = (districtId: string, teacherId: string, batchKey: string): string =>
  `ct-${createHash('sha256').update(`${districtId}\u0000${teacherId}\u0000${batchKey}`).digest('hex').slice(0, 32)}`;

@Injectable()
export class ClassTextingService {
  private readonly logger = new Logger('ClassTexting');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(SECTION_ROSTER) private readonly roster: SectionRoster,
    private readonly templates: TemplateLibraryService,
    private readonly runner: ClassTextRunner,
  ) {}

  /**
   * Starts (or finds, for a repeated batch key) the class text, and runs it: within the request up to 200 students
   * (`inline`), else in the background. `created` is false when the batch key was already used for this same text.
   */
  async start(
    env: CommandEnvelope,
    req: ClassTextRequest,
  ): Promise<{ view: ClassTextView; created: boolean; inline: boolean }> {
    const { actor } = env;
    if (actor.role !== 'teacher')
      throw new DomainError('FORBIDDEN_ROLE', 'Only teachers text their classes.', 'forbidden');
    if ((req.body === null) === (req.templateId === null))
      throw new DomainError('BODY_OR_TEMPLATE', 'Send either body or templateId (one of them).', 'invalid');
    const section = await this.roster.activeIn(actor.districtId, req.sectionId);
    if (section.length === 0)
      throw new DomainError(
        'SECTION_NOT_FOUND',
        'No course section with that id has active enrollments in your district.',
        'not_found',
      );
    const mine = section.filter((e) => e.teacherId === actor.id);
    if (mine.length === 0)
      throw new DomainError(
        'NOT_YOUR_SECTION',
        'You are not the teacher of this course section; teachers text only their own sections.',
        'forbidden',
      );
    const template = req.templateId === null ? null : await this.templates.get(actor, req.templateId);
    const body = requireText(template?.body ?? req.body!, MAX_SMS_LENGTH, 'EMPTY_MESSAGE', 'message');
    requireKnownPlaceholders(body);
    // A sendAt every student's SendSms would refuse is bad input: refused here, before anything is recorded.
    scheduleOf(req.sendAt, { timeZone: null }, { now: this.clock.now(), district: null });
    const recipients = this.recipients(mine, req.studentIds);
    const jobId = jobIdFor(actor.districtId, actor.id, req.batchKey);
    const fingerprint = textDigest(JSON.stringify([req.sectionId, body, req.templateId, req.sendAt, req.studentIds]));
    const inline = recipients.length <= INLINE_CLASS_TEXT_LIMIT;

    let job = await this.runner.load(jobId);
    let created = false;
    if (!job.state.started) {
      const started: ClassTextJobEvent = {
        type: 'ClassTextJobStarted',
        data: {
          jobId,
          districtId: actor.districtId,
          teacherId: actor.id,
          sectionId: req.sectionId,
          className: mine[0]!.courseName,
          teacherName: actor.name ?? mine[0]!.teacherName,
          body,
          templateId: template?.templateId ?? null,
          templateVersion: template?.version ?? null,
          sendAt: req.sendAt,
          batchKey: req.batchKey,
          fingerprint,
          recipients,
        },
      };
      const jobEnv = { ...env, causationId: env.correlationId };
      // Into the index first: a job whose stream exists is always found again after a restart.
      await this.store.append(
        CLASS_TEXT_INDEX_STREAM,
        toEventData(
          [{ type: 'ClassTextJobOpened', data: { jobId, districtId: actor.districtId } }],
          'StartClassText',
          jobEnv,
          this.clock.now(),
          this.ids,
        ),
        'any',
      );
      try {
        await this.store.append(
          classTextJobStreamId(jobId),
          toEventData([started], 'StartClassText', jobEnv, this.clock.now(), this.ids),
          'no_stream',
        );
        created = true;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error; // the same request twice at once: the other one started it
      }
      job = await this.runner.load(jobId);
    }
    if (job.state.started!.fingerprint !== fingerprint) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This batch key was already used for a different class text.',
        'conflict',
      );
    }
    if (!job.state.finished) {
      const running = this.runner.run(jobId);
      if (inline) job = await running;
      else
        void running.catch((error: unknown) =>
          this.logger.warn(`Class text ${jobId} stopped: ${(error as Error).message}; it resumes on the next start`),
        );
    }
    return { view: toView(job), created, inline };
  }

  /** The job's progress and each student's answer so far: the teacher who sent it, or a school admin of the district. */
  async view(actor: Actor, jobId: string): Promise<ClassTextView> {
    if (actor.role !== 'teacher' && actor.role !== 'school_admin')
      throw new DomainError('FORBIDDEN_ROLE', `Your role (${actor.role}) has no class texts.`, 'forbidden');
    const job = await this.runner.load(jobId);
    const s = job.state.started;
    const allowed =
      s && s.districtId === actor.districtId && (actor.role === 'school_admin' || actor.id === s.teacherId);
    if (!allowed) throw new DomainError('CLASS_TEXT_NOT_FOUND', 'No such class text of yours.', 'not_found');
    return toView(job);
  }

  private recipients(
    mine: { studentId: string; enrollmentId: string; studentFirstName: string }[],
    studentIds: string[] | null,
  ): ClassTextRecipient[] {
    const byStudent = new Map(mine.map((e) => [e.studentId, e]));
    const wanted = studentIds === null ? [...byStudent.keys()] : [...new Set(studentIds)];
    if (wanted.length > MAX_CLASS_TEXT_STUDENTS)
      throw new DomainError(
        'TOO_MANY_STUDENTS',
        `One class text reaches at most ${MAX_CLASS_TEXT_STUDENTS} students.`,
        'invalid',
      );
    return wanted.map((studentId) => {
      const e = byStudent.get(studentId);
      return { studentId, enrollmentId: e?.enrollmentId ?? null, firstName: e?.studentFirstName ?? '' };
    });
  }
}

export function toView(job: LoadedJob): ClassTextView {
  const s = job.state.started!;
  const students = s.recipients.flatMap((r) => job.state.results.get(r.studentId) ?? []);
  return {
    jobId: s.jobId,
    sectionId: s.sectionId,
    className: s.className,
    templateId: s.templateId,
    status: job.state.finished ? 'finished' : 'running',
    total: s.recipients.length,
    done: students.length,
    counts: countOutcomes(students),
    students,
  };
}
