import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../domain/shared/actor';
import type { Page } from '../shared/page';

/** The communication log's read. Authorization and the per-role visibility of details happen in its handler. */
export interface LogEntryView {
  entryId: string;
  occurredAt: string;
  kind: string;
  eventType: string;
  actor: { id: string; role: string; initials: string | null };
  summary: string;
  details: Record<string, unknown>;
  streamRevision: string;
}

/** nextCursor: the last entry's stream revision, to pass as ?after= (null: the last page). */
export class GetCommunicationLogQuery extends Query<Page<LogEntryView>> {
  constructor(
    readonly actor: Actor,
    readonly studentId: string,
    readonly page: { afterRevision?: bigint; limit: number },
  ) {
    super();
  }
}
