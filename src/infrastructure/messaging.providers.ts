import type { Provider } from '@nestjs/common';
import { AddNoteHandler } from '../application/add-note/add-note.handler';
import { SmsDispatcher } from '../application/dispatch-sms/sms-dispatcher';
import { SmsReportsHandler } from '../application/dispatch-sms/sms-reports.handler';
import { EndEnrollmentHandler } from '../application/end-enrollment/end-enrollment.handler';
import { LogCallHandler } from '../application/log-call/log-call.handler';
import { MoveInboundSmsHandler } from '../application/move-inbound-sms/move-inbound-sms.handler';
import { OptOutHandler } from '../application/opt-out/opt-out.handler';
import { PreviewSmsHandler } from '../application/preview-sms/preview-sms.handler';
import { ReceiveInboundSmsHandler } from '../application/receive-inbound-sms/receive-inbound-sms.handler';
import { RecordInboundSmsHandler } from '../application/record-inbound-sms/record-inbound-sms.handler';
import { RegisterStudentHandler } from '../application/register-student/register-student.handler';
import { SendSmsHandler } from '../application/send-sms/send-sms.handler';
import { SetDistrictSmsPolicyHandler } from '../application/set-district-sms-policy/set-district-sms-policy.handler';
import { StartEnrollmentHandler } from '../application/start-enrollment/start-enrollment.handler';
import { StudentCommandRunner } from '../application/shared/student-command-runner';
import { StudentStreamHead } from '../application/shared/student-stream-head';
import { UpdateContactHandler } from '../application/update-contact/update-contact.handler';
import { CorrectStudentRecordHandler } from '../application/correct-student-record/correct-student-record.handler';
import { AnalyticsProjection } from '../projections/analytics/analytics.projection';
import { CommunicationLogProjection } from '../projections/communication-log/communication-log.projection';
import { InboxProjection } from '../projections/inbox/inbox.projection';
import { GetCommunicationLogHandler } from '../projections/queries/log.query-handlers';
import { GetStudentHandler, ListCurrentEnrollmentsHandler } from '../projections/queries/roster.query-handlers';
import {
  GetThreadHandler,
  ListThreadsHandler,
  ListUnroutedInboundHandler,
} from '../projections/queries/threads.query-handlers';
import { RosterProjection } from '../projections/roster/roster.projection';
import { PROJECTIONS } from '../projections/runner/projection';
import { ProjectionFailures } from '../projections/runner/projection-failures';
import { ProjectionRunner } from '../projections/runner/projection-runner';
import { ThreadsProjection } from '../projections/threads/threads.projection';

export const COMMAND_HANDLERS: Provider[] = [
  RegisterStudentHandler,
  StartEnrollmentHandler,
  EndEnrollmentHandler,
  UpdateContactHandler,
  SetDistrictSmsPolicyHandler,
  SendSmsHandler,
  OptOutHandler,
  AddNoteHandler,
  LogCallHandler,
  RecordInboundSmsHandler,
  ReceiveInboundSmsHandler,
  MoveInboundSmsHandler,
  CorrectStudentRecordHandler,
];

export const QUERY_HANDLERS: Provider[] = [
  PreviewSmsHandler,
  ListCurrentEnrollmentsHandler,
  GetStudentHandler,
  ListThreadsHandler,
  GetThreadHandler,
  GetCommunicationLogHandler,
  ListUnroutedInboundHandler,
];

export const PROJECTION_PROVIDERS: Provider[] = [
  {
    provide: PROJECTIONS,
    useFactory: () => [
      new RosterProjection(),
      new ThreadsProjection(),
      new CommunicationLogProjection(),
      new AnalyticsProjection(),
      new InboxProjection(),
    ],
  },
  ProjectionRunner,
  ProjectionFailures,
];

export const REACTION_PROVIDERS: Provider[] = [
  StudentCommandRunner,
  StudentStreamHead,
  SmsDispatcher,
  SmsReportsHandler,
];
