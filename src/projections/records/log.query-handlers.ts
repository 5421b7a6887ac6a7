import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { MoreThan, type DataSource } from 'typeorm';
import { GetCommunicationLogQuery, type LogEntryView } from '../../application/records/communication-log.queries';
import type { Page } from '../../application/shared/page';
import { CommunicationLogRow } from './communication-log.entity';
import { READ_MODEL_DATA_SOURCE } from '../runner/read-model-data-source';
import { visibleLogEntry } from './log-entry.visibility';
import { authorizeStudentRead } from '../contacts/student-access';

@QueryHandler(GetCommunicationLogQuery)
export class GetCommunicationLogHandler implements IQueryHandler<GetCommunicationLogQuery> {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource) {}

  async execute({ actor, studentId, page }: GetCommunicationLogQuery): Promise<Page<LogEntryView>> {
    await authorizeStudentRead(this.db, actor, studentId, 'log');
    const found = await this.db.getRepository(CommunicationLogRow).find({
      where: {
        studentId,
        ...(page.afterRevision !== undefined ? { streamRevision: MoreThan(page.afterRevision) } : {}),
      },
      order: { streamRevision: 'ASC' },
      take: page.limit + 1,
    });
    const rows = found.slice(0, page.limit);
    const nextCursor = found.length > page.limit ? rows[rows.length - 1]!.streamRevision.toString() : null;
    const items = rows.map((r) =>
      visibleLogEntry(actor, {
        entryId: r.entryId,
        occurredAt: r.occurredAt.toISOString(),
        kind: r.kind,
        eventType: r.eventType,
        actor: { id: r.actorId, role: r.actorRole, initials: r.actorInitials },
        summary: r.summary,
        details: r.details,
        streamRevision: r.streamRevision.toString(),
      }),
    );
    return { items, nextCursor };
  }
}
