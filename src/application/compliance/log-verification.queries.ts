import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../domain/shared/actor';

/**
 * What a check of one entry found. `check` names the test that failed:
 *   content_hash / prev_hash / entry_hash  the table's own chain is broken at this row (a row changed or removed);
 *   missing_from_table                     the event store has this entry, the table does not (a row deleted);
 *   not_in_event_store                     the table has a row no event explains (a row inserted);
 *   entry_id / content                     the row differs from what its event says (`fields` lists the columns).
 */
export type ChainCheck =
  'content_hash' | 'prev_hash' | 'entry_hash' | 'missing_from_table' | 'not_in_event_store' | 'entry_id' | 'content';

export interface ChainDifference {
  entryId: string;
  streamRevision: string;
  check: ChainCheck;
  fields?: string[];
  expected: string | null;
  actual: string | null;
  explanation: string;
}

/**
 * intact   every entry the event store holds for the student is in the table, unchanged, and the chain holds;
 * altered  a row was changed, removed or made up (firstDifference says which);
 * pending  nothing differs, but the newest entries are not written yet: they are within the projection's lag.
 */
export type LogVerificationStatus = 'intact' | 'altered' | 'pending';

export interface PendingEntries {
  /** How many of the student's entries the event store has and the table does not yet. */
  entries: number;
  /** projectedThrough: where the projection stood; pendingThrough: the newest pending entry's position; and when the oldest pending one was recorded. */
  lag: { projectedThrough: string; pendingThrough: string; oldestPendingRecordedAt: string };
}

export interface LogVerificationReport {
  studentId: string;
  verifiedAt: string;
  /** Where the log projection stood when the check began. It only classifies the tail as pending; it never shortens what is expected. */
  checkedThroughPosition: string;
  status: LogVerificationStatus;
  /** True only when status is intact: the table's chain holds, every row matches the event store, nothing is pending. */
  intact: boolean;
  /** Set when status is pending (null otherwise). */
  pending: PendingEntries | null;
  /** Every entry the event store holds for the student when the check ran (pending ones included). */
  eventStore: { entries: number; headHash: string | null };
  table: { entries: number; headHash: string | null; chainIntact: boolean; firstBreak: ChainDifference | null };
  againstEventStore: { matches: boolean; firstDifference: ChainDifference | null };
  /** The earliest entry that differs, whichever check found it. */
  firstDifference: ChainDifference | null;
}

export class VerifyCommunicationLogQuery extends Query<LogVerificationReport> {
  constructor(
    readonly actor: Actor,
    readonly studentId: string,
  ) {
    super();
  }
}
