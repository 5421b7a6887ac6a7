import { Module } from '@nestjs/common';
import { AddNoteHandler } from '../../../application/records/add-note/add-note.handler';
import { AmendNoteHandler } from '../../../application/records/amend-note/amend-note.handler';
import { LogCallHandler } from '../../../application/records/log-call/log-call.handler';
import { MarkEnteredInErrorHandler } from '../../../application/records/mark-entered-in-error/mark-entered-in-error.handler';
import { ReportPacingHandler } from '../../../application/records/report-pacing/report-pacing.handler';
import { CommunicationLogProjection } from '../../../projections/records/communication-log.projection';
import { GetCommunicationLogHandler } from '../../../projections/records/log.query-handlers';
import type { Projection } from '../../../projections/runner/projection';
import { RecordsAccessModule } from '../records-access/records-access.module';
import { CommunicationLogController } from './communication-log.controller';
import { CommunicationsController } from './communications.controller';
import { RecordsCorrectionsController } from './records-corrections.controller';

/**
 * Records: what staff write down about a student (notes and their amendments, calls, voicemail, email, meetings,
 * pacing reports, entries marked entered in error) and the communication log, the append-only, hash-chained read
 * model every text, reply, note and call lands in.
 */
@Module({
  imports: [RecordsAccessModule],
  controllers: [CommunicationLogController, CommunicationsController, RecordsCorrectionsController],
  providers: [
    AddNoteHandler,
    AmendNoteHandler,
    LogCallHandler,
    MarkEnteredInErrorHandler,
    ReportPacingHandler,
    GetCommunicationLogHandler,
  ],
})
export class RecordsModule {
  /** The read models this capability keeps (run by the projection runner, CoreModule). */
  static readonly readModels = (): Projection[] => [new CommunicationLogProjection()];
}
