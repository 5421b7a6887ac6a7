import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../domain/shared/actor';

export const EXPORT_FORMATS = ['jsonl', 'csv', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * One line of a records-request export, the same shape in every format:
 *   record   the header: who exported, when, why;
 *   log      every communication-log entry (texts, statuses, replies, notes, calls, opt-outs, contact changes,
 *            corrections), with its hash-chain links so the copy can be checked against the service;
 *   message  every text in the student's threads with its current delivery status;
 *   access   every read of and disclosure from the record (FERPA 99.32), including this export;
 *   end      counts and the log's chain head.
 */
export type ExportSection = 'record' | 'log' | 'message' | 'access' | 'end';

export interface ExportRow {
  section: ExportSection;
  occurredAt: string;
  kind: string;
  eventType: string;
  actorId: string;
  actorRole: string;
  actorInitials: string | null;
  summary: string;
  ref: string;
  streamRevision: string | null;
  entryHash: string | null;
  prevHash: string | null;
  /** On a note or call entry that was later corrected: what happened to it (the original stays as written). */
  correction: string | null;
  details: Record<string, unknown>;
}

export interface RecordExport {
  studentId: string;
  districtId: string;
  /** Lazy: nothing is read until it is iterated, page by page. */
  rows: AsyncIterable<ExportRow>;
}

export class ExportStudentRecordQuery extends Query<RecordExport> {
  constructor(
    readonly actor: Actor,
    readonly studentId: string,
    readonly meta: { purpose: string; format: ExportFormat; correlationId: string },
  ) {
    super();
  }
}
