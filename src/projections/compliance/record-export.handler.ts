import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { authorizeComplianceRead } from '../../application/compliance/compliance-access';
import { CLOCK, type Clock } from '../../application/ports/clock.port';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port';
import { ExportStudentRecordQuery, type RecordExport } from '../../application/compliance/record-export.queries';
import { READ_MODEL_DATA_SOURCE } from '../runner/read-model-data-source';
import { exportRows } from './record-export.source';

/**
 * A student's complete record for a records request. Authorizes now and reads nothing else yet: the caller records
 * the disclosure first, then iterates, and the rows are read page by page as they are written out.
 */
@QueryHandler(ExportStudentRecordQuery)
export class ExportStudentRecordHandler implements IQueryHandler<ExportStudentRecordQuery> {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ actor, studentId, meta }: ExportStudentRecordQuery): Promise<RecordExport> {
    const { districtId, streams } = await authorizeComplianceRead(this.store, actor, studentId, 'export');
    const header = {
      section: 'record' as const,
      occurredAt: this.clock.now().toISOString(),
      kind: 'records_request_export',
      eventType: '',
      actorId: actor.id,
      actorRole: actor.role,
      actorInitials: actor.initials ?? null,
      summary: `Communication record of student ${studentId}, exported for: ${meta.purpose}`,
      ref: studentId,
      streamRevision: null,
      entryHash: null,
      prevHash: null,
      correction: null,
      details: { studentId, districtId, format: meta.format, purpose: meta.purpose, correlationId: meta.correlationId },
    };
    return {
      studentId,
      districtId,
      rows: exportRows(this.db, this.store, { districtId, studentId, accessStream: streams.access }, header),
    };
  }
}
