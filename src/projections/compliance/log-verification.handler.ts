import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { authorizeComplianceRead } from '../../application/compliance/compliance-access';
import { CLOCK, type Clock } from '../../application/ports/clock.port';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port';
import {
  VerifyCommunicationLogQuery,
  type LogVerificationReport,
} from '../../application/compliance/log-verification.queries';
import { verifyLog } from '../records/log-verifier';
import { READ_MODEL_DATA_SOURCE } from '../runner/read-model-data-source';
import { expectedLogEntries, expectedLogEntryAt, storedLogRows } from './log-rows.reader';

/** Recomputes a student's hash chain from the event store and from the table, and names the first entry that differs. */
@QueryHandler(VerifyCommunicationLogQuery)
export class VerifyCommunicationLogHandler implements IQueryHandler<VerifyCommunicationLogQuery> {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ actor, studentId }: VerifyCommunicationLogQuery): Promise<LogVerificationReport> {
    const { districtId, streams } = await authorizeComplianceRead(this.store, actor, studentId, 'log_verification');
    const [checkpoint] = await this.db.query<{ position: string }[]>(
      `SELECT position FROM projection_checkpoints WHERE name = 'communication-log'`,
    );
    const upTo = checkpoint ? BigInt(checkpoint.position) : -1n;
    const stored = storedLogRows(this.db, { districtId, studentId });
    const outcome = await verifyLog(expectedLogEntries(this.store, streams.student), stored, {
      projectedThrough: upTo,
      lookup: (revision) => expectedLogEntryAt(this.store, streams.student, revision),
    });
    return {
      studentId,
      verifiedAt: this.clock.now().toISOString(),
      checkedThroughPosition: upTo.toString(),
      ...outcome,
    };
  }
}
