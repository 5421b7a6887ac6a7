import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../domain/shared/actor';

/**
 * What a check of one entry found. `check` names the test that failed:
 *   content_hash / prev_hash / entry_hash  the table's own chain is broken at this row (a row changed or removed);
 *   missing_from_table                     the event store has this entry, the table does not (a row deleted);
 *   not_in_event_store                     the table has a row no event explains (a row inserted);
 *   entry_id / content                     the row differs from what its event says (`fields` lists the columns).
 */
export type ChainCheck = 'content_hash' | 'prev_hash' | 'entry_hash' | 'missing_from_table' | 'not_in_event_store' | 'entry_id' | 'content';

export interface ChainDifference {
  entryId: string;
  streamRevision: string;
  check: ChainCheck;
  fields?: string[];
  expected: string | null;
  actual: string | null;
  explanation: string;
}

export interface LogVerificationReport {
  studentId: string;
  verifiedAt: string;
  /** Where the log projection stood when the check began: later entries not yet written are pending, not missing. */
  checkedThroughPosition: string;
  /** True only when the table's chain holds AND every row matches the event store. */
  intact: boolean;
  eventStore: { entries: number; headHash: string | null };
  table: { entries: number; headHash: string | null; chainIntact: boolean; firstBreak: ChainDifference | null };
  againstEventStore: { matches: boolean; firstDifference: ChainDifference | null };
  /** The earliest entry that differs, whichever check found it. */
  firstDifference: ChainDifference | null;
}

export class VerifyCommunicationLogQuery extends Query<LogVerificationReport> {
  constructor(readonly actor: Actor, readonly studentId: string) {
    super();
  }
}
