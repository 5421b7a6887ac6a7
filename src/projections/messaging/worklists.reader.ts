import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../../application/ports/clock.port';
import { TemplateLibraryService } from '../../application/messaging/templates/template-library.service';
import type { Actor } from '../../domain/shared/actor';
import { DomainError } from '../../domain/shared/domain-error';
import type { Template } from '../../domain/templates/template-library';
import type { TemplatePurpose } from '../../domain/templates/template.events';
import { READ_MODEL_DATA_SOURCE } from '../runner/read-model-data-source';
import { FAILED_TEXTS_SQL, FALLING_BEHIND_SQL, NOT_WELCOMED_SQL, type WorklistRow } from './worklists.sql';

export type WorklistName = 'notWelcomed' | 'fallingBehind' | 'failedTexts';

export interface WorklistEntry {
  studentId: string;
  studentFirstName: string;
  enrollmentId: string | null;
  courseId: string | null;
  courseName: string | null;
  startedOn: string | null;
  smsEnabled: boolean;
  smsDisabledReason: string | null;
  /** The teacher's latest text or call to the student that counts as outreach (not failed, cancelled or in error). */
  lastOutreachAt: string | null;
  behindSince: string | null;
  /** Failed texts: which one, when and why. */
  messageId: string | null;
  failedAt: string | null;
  failureReason: string | null;
  /** The template that fits: the teacher's own for the list's purpose, else the district's (null for failed texts). */
  templateId: string | null;
  templateTitle: string | null;
  templateBody: string | null;
}

export interface Worklists {
  teacherId: string;
  asOf: string;
  notWelcomed: WorklistEntry[];
  fallingBehind: WorklistEntry[];
  failedTexts: WorklistEntry[];
}

/** The seed's timing table: the template each list's students are texted with (failed texts need a call first). */
const PURPOSE: Record<WorklistName, TemplatePurpose | null> = {
  notWelcomed: 'welcome',
  fallingBehind: 'not_working',
  failedTexts: null,
};

/**
 * A teacher's worklists from the seed's timing table, as queries over read models that already hold every fact they
 * need (no state of their own): analytics_enrollments (start, end, pacing and since when behind), analytics_contacts
 * (every text and call with its time, back-dated calls when they happened, and status), thread_messages (why a text
 * failed), student_directory and district_policies (SMS Enabled and its reason, one CASE as the profile's).
 * "Now" is the service's clock.
 */
@Injectable()
export class WorklistsReader {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly templates: TemplateLibraryService,
  ) {}

  /** A teacher reads their own; a school admin any teacher's of the district. */
  async forTeacher(actor: Actor, teacherId: string): Promise<Worklists> {
    if (actor.role === 'teacher' && actor.id !== teacherId)
      throw new DomainError('FORBIDDEN_TEACHER', 'Teachers see only their own worklists.', 'forbidden');
    if (actor.role !== 'teacher' && actor.role !== 'school_admin')
      throw new DomainError('FORBIDDEN_ROLE', `Your role (${actor.role}) has no worklists.`, 'forbidden');
    const now = this.clock.now();
    const params = [actor.districtId, teacherId, now.toISOString()];
    const [notWelcomed, fallingBehind, failedTexts, { library }] = await Promise.all([
      this.db.query<WorklistRow[]>(NOT_WELCOMED_SQL, params),
      this.db.query<WorklistRow[]>(FALLING_BEHIND_SQL, params),
      this.db.query<WorklistRow[]>(FAILED_TEXTS_SQL, params),
      this.templates.load(actor.districtId),
    ]);
    const fit = (name: WorklistName): Template | null =>
      PURPOSE[name] ? this.templates.fitting(library, teacherId, PURPOSE[name]) : null;
    const entries = (rows: WorklistRow[], name: WorklistName): WorklistEntry[] => {
      const t = fit(name);
      const template = {
        templateId: t?.templateId ?? null,
        templateTitle: t?.title ?? null,
        templateBody: t?.body ?? null,
      };
      return rows.map((r) => ({
        studentId: r.student_id,
        studentFirstName: r.student_first_name,
        enrollmentId: r.enrollment_id,
        courseId: r.course_id,
        courseName: r.course_name,
        startedOn: r.started_on,
        smsEnabled: r.sms_disabled_reason === null,
        smsDisabledReason: r.sms_disabled_reason,
        lastOutreachAt: iso(r.last_outreach_at),
        behindSince: iso(r.behind_since),
        messageId: r.message_id,
        failedAt: iso(r.failed_at),
        failureReason: r.failure_reason,
        ...template,
      }));
    };
    return {
      teacherId,
      asOf: now.toISOString(),
      notWelcomed: entries(notWelcomed, 'notWelcomed'),
      fallingBehind: entries(fallingBehind, 'fallingBehind'),
      failedTexts: entries(failedTexts, 'failedTexts'),
    };
  }
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
