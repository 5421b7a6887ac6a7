import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../../application/ports/clock.port';
import { TemplateLibraryService } from '../../application/messaging/templates/template-library.service';
import type { Actor } from '../../domain/shared/actor';
import { DomainError } from '../../domain/shared/domain-error';
import { localDays } from '../../domain/student/quiet-hours';
import type { TemplateLibrary } from '../../domain/templates/template-library';
import type { TemplatePurpose } from '../../domain/templates/template.events';
import { verdictOf } from '../contacts/roster.fold';
import { SELECT_POLICY, type PolicyRow } from '../contacts/roster.rows';
import { decodeTypedCursor, pageOf } from '../paging/page-cursor';
import { READ_MODEL_DATA_SOURCE } from '../runner/read-model-data-source';
import { FAILED_TEXTS_SQL, FALLING_BEHIND_SQL, NOT_WELCOMED_SQL, type WorklistRow } from './worklists.sql';

export const WORKLIST_NAMES = ['notWelcomed', 'fallingBehind', 'failedTexts'] as const;
export type WorklistName = (typeof WORKLIST_NAMES)[number];
export const WORKLIST_PAGE = { default: 100, max: 500 } as const;

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

interface WorklistsContext {
  teacherId: string;
  asOf: string;
  /** The zone the lists' days are counted in: the district's SMS policy's (UTC while the district has none). */
  timeZone: string;
}

/** What a list is computed with besides the rows: the district's policy (none: texting is off). */
interface ListContext extends WorklistsContext {
  policy: PolicyRow | undefined;
}

/** The first page of each list, and where each goes on. */
export interface Worklists extends WorklistsContext {
  notWelcomed: WorklistEntry[];
  fallingBehind: WorklistEntry[];
  failedTexts: WorklistEntry[];
  nextCursors: Record<WorklistName, string | null>;
}

/** A page of one list. */
export interface WorklistPage extends WorklistsContext {
  list: WorklistName;
  items: WorklistEntry[];
  nextCursor: string | null;
}

/** The seed's timing table: the template each list's students are texted with (failed texts need a call first). */
const PURPOSE: Record<WorklistName, TemplatePurpose | null> = {
  notWelcomed: 'welcome',
  fallingBehind: 'not_working',
  failedTexts: null,
};
const SQL: Record<WorklistName, string> = {
  notWelcomed: NOT_WELCOMED_SQL,
  fallingBehind: FALLING_BEHIND_SQL,
  failedTexts: FAILED_TEXTS_SQL,
};
/** The sort key of each list, part by part: what a cursor must hold. */
const KEY: Record<WorklistName, ('date' | 'timestamptz' | 'text')[]> = {
  notWelcomed: ['date', 'text', 'text'],
  fallingBehind: ['timestamptz', 'text', 'text'],
  failedTexts: ['timestamptz', 'text'],
};

/**
 * A teacher's worklists from the seed's timing table, as queries over read models that already hold every fact they
 * need (no state of their own): analytics_enrollments (start, end, pacing and since when behind), analytics_contacts
 * (every text and call with its time, back-dated calls when they happened, and status), thread_messages (why a text
 * failed), student_directory and district_policies (SMS Enabled and its reason: the domain's verdict, as the roster's).
 * "Now" is the service's clock; days ("7 days ago or less", "in 7 days") are the district's, in the time zone of its
 * SMS policy. Every list pages with cursors: none stops at a fixed count.
 */
@Injectable()
export class WorklistsReader {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly templates: TemplateLibraryService,
  ) {}

  /** The first page of every list. */
  async forTeacher(actor: Actor, teacherId: string, limit: number = WORKLIST_PAGE.default): Promise<Worklists> {
    this.authorize(actor, teacherId);
    const context = await this.context(actor, teacherId);
    const [pages, { library }] = await Promise.all([
      Promise.all(WORKLIST_NAMES.map((list) => this.rows(actor, context, list, limit, null))),
      this.templates.load(actor.districtId),
    ]);
    const [notWelcomed, fallingBehind, failedTexts] = pages.map((page, i) =>
      this.entries(library, context, WORKLIST_NAMES[i]!, page.rows),
    );
    return {
      ...shown(context),
      notWelcomed: notWelcomed!,
      fallingBehind: fallingBehind!,
      failedTexts: failedTexts!,
      nextCursors: {
        notWelcomed: pages[0]!.nextCursor,
        fallingBehind: pages[1]!.nextCursor,
        failedTexts: pages[2]!.nextCursor,
      },
    };
  }

  /** A page of one list, after the cursor of the previous one. */
  async page(
    actor: Actor,
    teacherId: string,
    list: WorklistName,
    limit: number = WORKLIST_PAGE.default,
    cursor?: string,
  ): Promise<WorklistPage> {
    this.authorize(actor, teacherId);
    const after = decodeTypedCursor(cursor, KEY[list]);
    const context = await this.context(actor, teacherId);
    const [page, { library }] = await Promise.all([
      this.rows(actor, context, list, limit, after),
      this.templates.load(actor.districtId),
    ]);
    return {
      ...shown(context),
      list,
      items: this.entries(library, context, list, page.rows),
      nextCursor: page.nextCursor,
    };
  }

  /** A teacher reads their own; a school admin any teacher's of the district. */
  private authorize(actor: Actor, teacherId: string): void {
    if (actor.role === 'teacher' && actor.id !== teacherId)
      throw new DomainError('FORBIDDEN_TEACHER', 'Teachers see only their own worklists.', 'forbidden');
    if (actor.role !== 'teacher' && actor.role !== 'school_admin')
      throw new DomainError('FORBIDDEN_ROLE', `Your role (${actor.role}) has no worklists.`, 'forbidden');
  }

  private async context(actor: Actor, teacherId: string): Promise<ListContext> {
    const [policy] = await this.db.query<PolicyRow[]>(
      `SELECT ${SELECT_POLICY} FROM district_policies WHERE district_id = $1`,
      [actor.districtId],
    );
    return { teacherId, asOf: this.clock.now().toISOString(), timeZone: policy?.time_zone ?? 'UTC', policy };
  }

  private async rows(
    actor: Actor,
    context: ListContext,
    list: WorklistName,
    limit: number,
    after: string[] | null,
  ): Promise<{ rows: WorklistRow[]; nextCursor: string | null }> {
    const days = localDays(new Date(context.asOf), context.timeZone);
    const bound: Record<WorklistName, string> = {
      notWelcomed: days.today,
      fallingBehind: days.startOf(7).toISOString(),
      failedTexts: context.asOf,
    };
    const cursor = [0, 1, 2].slice(0, KEY[list].length).map((i) => after?.[i] ?? null);
    const rows = await this.db.query<WorklistRow[]>(SQL[list], [
      actor.districtId,
      context.teacherId,
      bound[list],
      limit + 1,
      ...cursor,
    ]);
    return pageOf(rows, limit, (r) => r.page_key);
  }

  private entries(library: TemplateLibrary, context: ListContext, list: WorklistName, rows: WorklistRow[]) {
    const purpose = PURPOSE[list];
    const t = purpose ? this.templates.fitting(library, context.teacherId, purpose) : null;
    return rows.map((r): WorklistEntry => {
      const sms = verdictOf({ ...r, district_id: context.policy?.district_id ?? '' }, context.policy);
      return {
        studentId: r.student_id,
        studentFirstName: r.student_first_name,
        enrollmentId: r.enrollment_id,
        courseId: r.course_id,
        courseName: r.course_name,
        startedOn: r.started_on,
        smsEnabled: sms.enabled,
        smsDisabledReason: sms.reason,
        lastOutreachAt: iso(r.last_outreach_at),
        behindSince: iso(r.behind_since),
        messageId: r.message_id,
        failedAt: iso(r.failed_at),
        failureReason: r.failure_reason,
        templateId: t?.templateId ?? null,
        templateTitle: t?.title ?? null,
        templateBody: t?.body ?? null,
      };
    });
  }
}

/** The context as the answer shows it (the policy is the district's own business, read elsewhere). */
const shown = ({ policy: _policy, ...context }: ListContext): WorklistsContext => context;

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
