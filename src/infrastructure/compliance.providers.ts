import type { Provider, Type } from '@nestjs/common';
import { AmendNoteHandler } from '../application/records/amend-note/amend-note.handler';
import { ListRecordAccessHandler } from '../application/compliance/record-access.handler';
import { GetRecordAsOfHandler, GetStudentHistoryHandler } from '../application/compliance/student-history.handler';
import { MarkEnteredInErrorHandler } from '../application/records/mark-entered-in-error/mark-entered-in-error.handler';
import { AccessRecorder } from '../application/records-access/access-recorder';
import { ReportPacingHandler } from '../application/records/report-pacing/report-pacing.handler';
import { GetAnalyticsViewHandler } from '../projections/analytics/analytics.query-handler';
import { VerifyCommunicationLogHandler } from '../projections/compliance/log-verification.handler';
import { ExportStudentRecordHandler } from '../projections/compliance/record-export.handler';
import { AnalyticsController } from './api/analytics/analytics.controller';
import { ComplianceController } from './api/compliance/compliance.controller';
import { RecordsCorrectionsController } from './api/records/records-corrections.controller';

/**
 * The compliance side: the access record (AccessRecorder, used by the interceptor bound to every @RecordsAccess
 * route), replay, log verification,
 * exports, corrections, pacing and analytics.
 */
export const COMPLIANCE_PROVIDERS: Provider[] = [
  AccessRecorder,
  AmendNoteHandler,
  MarkEnteredInErrorHandler,
  ReportPacingHandler,
  GetStudentHistoryHandler,
  GetRecordAsOfHandler,
  ListRecordAccessHandler,
  VerifyCommunicationLogHandler,
  ExportStudentRecordHandler,
  GetAnalyticsViewHandler,
];

export const COMPLIANCE_CONTROLLERS: Type[] = [ComplianceController, AnalyticsController, RecordsCorrectionsController];
