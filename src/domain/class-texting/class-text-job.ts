import type { DomainEvent } from '../shared/event';

/**
 * A class text: one teacher's text to the students of one of their course sections (or a chosen subset), each
 * student's text its own SendSms on their own stream. The job is recorded on its own stream (class-text-job-<id>)
 * so what was asked, of whom, and what became of each student is provable, and an interrupted job resumes.
 */
export interface ClassTextRecipient {
  studentId: string;
  /** The student's enrollment in the section; null: the student is not in it (answered "not sent"). */
  enrollmentId: string | null;
  /** The name the text calls them by (their preferred name, else first name): the seed's "just first name". */
  firstName: string;
}

export type ClassTextOutcome = 'queued' | 'scheduled' | 'not_sent';

export interface ClassTextResult {
  studentId: string;
  outcome: ClassTextOutcome;
  messageId: string | null;
  scheduledFor: string | null;
  /** Why not sent: the refusal's stable code (SMS_NOT_ENABLED, CONTENT_POLICY_VIOLATION, NOT_IN_SECTION, ...). */
  code: string | null;
  /** SMS Enabled's reason when that was the refusal (opted_out, no_sms_number, ...). */
  reason: string | null;
  /** The sentence for the teacher. */
  explanation: string | null;
  /** The guard's categories when the filled text was refused. */
  violations: string[];
}

type E<T extends string, D> = DomainEvent<T, D & { jobId: string }>;

export type ClassTextJobStarted = E<
  'ClassTextJobStarted',
  {
    districtId: string;
    teacherId: string;
    sectionId: string;
    className: string;
    teacherName: string;
    /** The text with its placeholders, as the teacher wrote it or the template read then. */
    body: string;
    templateId: string | null;
    templateVersion: number | null;
    sendAt: string | null;
    batchKey: string;
    /** What the batch key was first used for (a repeat must ask the same). */
    fingerprint: string;
    recipients: ClassTextRecipient[];
  }
>;
/** Results of some students, in the order they were sent. */
export type ClassTextStudentsDone = E<'ClassTextStudentsDone', { results: ClassTextResult[] }>;
export type ClassTextJobFinished = E<'ClassTextJobFinished', { queued: number; scheduled: number; notSent: number }>;
export type ClassTextJobEvent = ClassTextJobStarted | ClassTextStudentsDone | ClassTextJobFinished;

/** The open jobs, so a restart finds the ones to resume (class-text-jobs). */
export type ClassTextJobOpened = DomainEvent<'ClassTextJobOpened', { jobId: string; districtId: string }>;
export type ClassTextJobClosed = DomainEvent<'ClassTextJobClosed', { jobId: string }>;
export type ClassTextIndexEvent = ClassTextJobOpened | ClassTextJobClosed;

export const classTextJobStreamId = (jobId: string): string => `class-text-job-${jobId}`;
export const CLASS_TEXT_INDEX_STREAM = 'class-text-jobs';

export interface ClassTextJobState {
  started: ClassTextJobStarted['data'] | null;
  results: Map<string, ClassTextResult>;
  finished: boolean;
}

export const initialJobState = (): ClassTextJobState => ({ started: null, results: new Map(), finished: false });

export function evolveJob(state: ClassTextJobState, event: ClassTextJobEvent): ClassTextJobState {
  switch (event.type) {
    case 'ClassTextJobStarted':
      state.started = event.data;
      return state;
    case 'ClassTextStudentsDone':
      // A student is done once: a repeat (two runners racing) keeps the first result.
      for (const r of event.data.results) if (!state.results.has(r.studentId)) state.results.set(r.studentId, r);
      return state;
    case 'ClassTextJobFinished':
      state.finished = true;
      return state;
    default:
      return state;
  }
}

/** The students still to text, in the job's order. */
export const remainingRecipients = (state: ClassTextJobState): ClassTextRecipient[] =>
  (state.started?.recipients ?? []).filter((r) => !state.results.has(r.studentId));

export function countOutcomes(results: Iterable<ClassTextResult>): {
  queued: number;
  scheduled: number;
  notSent: number;
} {
  const counts = { queued: 0, scheduled: 0, notSent: 0 };
  for (const r of results) {
    if (r.outcome === 'queued') counts.queued++;
    else if (r.outcome === 'scheduled') counts.scheduled++;
    else counts.notSent++;
  }
  return counts;
}

/** The open jobs of the index, oldest first. */
export function openJobs(events: Iterable<ClassTextIndexEvent>): { jobId: string; districtId: string }[] {
  const open = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'ClassTextJobOpened') open.set(e.data.jobId, e.data.districtId);
    else open.delete(e.data.jobId);
  }
  return [...open].map(([jobId, districtId]) => ({ jobId, districtId }));
}
