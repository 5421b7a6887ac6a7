import { Module } from '@nestjs/common';
import { ListRecordAccessHandler } from '../../../application/compliance/record-access.handler';
import { GetRecordAsOfHandler } from '../../../application/compliance/record-as-of.handler';
import {
  GetStudentHistoryHandler,
  GetStudentHistoryJsonHandler,
} from '../../../application/compliance/student-history.handler';
import { VerifyCommunicationLogHandler } from '../../../projections/compliance/log-verification.handler';
import { ExportStudentRecordHandler } from '../../../projections/compliance/record-export.handler';
import { RecordsAccessModule } from '../records-access/records-access.module';
import { ComplianceController } from './compliance.controller';

/**
 * Compliance: proving what happened, for a FERPA review: a student's history replayed from the log, the record as
 * of a moment, the access record, the communication log checked against the events, the export.
 */
@Module({
  imports: [RecordsAccessModule],
  controllers: [ComplianceController],
  providers: [
    GetStudentHistoryHandler,
    GetStudentHistoryJsonHandler,
    GetRecordAsOfHandler,
    ListRecordAccessHandler,
    VerifyCommunicationLogHandler,
    ExportStudentRecordHandler,
  ],
})
export class ComplianceModule {}
