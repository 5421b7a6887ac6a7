import type { Provider } from '@nestjs/common';
import { AddNoteHandler } from '../application/records/add-note/add-note.handler';
import { SmsDispatcher } from '../application/delivery/dispatch-sms/sms-dispatcher';
import { SmsReportsHandler } from '../application/delivery/dispatch-sms/sms-reports.handler';
import { EndEnrollmentHandler } from '../application/contacts/end-enrollment/end-enrollment.handler';
import { LogCallHandler } from '../application/records/log-call/log-call.handler';
import { MoveInboundSmsHandler } from '../application/replies/move-inbound-sms/move-inbound-sms.handler';
import { OptOutHandler } from '../application/contacts/opt-out/opt-out.handler';
import { PreviewSmsHandler } from '../application/messaging/preview-sms/preview-sms.handler';
import { ReceiveInboundSmsHandler } from '../application/replies/receive-inbound-sms/receive-inbound-sms.handler';
import { RecordInboundSmsHandler } from '../application/replies/record-inbound-sms/record-inbound-sms.handler';
import { RegisterStudentHandler } from '../application/contacts/register-student/register-student.handler';
import { SendSmsHandler } from '../application/messaging/send-sms/send-sms.handler';
import { SetDistrictSmsPolicyHandler } from '../application/districts/set-district-sms-policy/set-district-sms-policy.handler';
import { StartEnrollmentHandler } from '../application/contacts/start-enrollment/start-enrollment.handler';
import { StudentCommandRunner } from '../application/shared/student-command-runner';
import { StudentStreamHead } from '../application/shared/student-stream-head';
import { UpdateContactHandler } from '../application/contacts/update-contact/update-contact.handler';
import { CorrectStudentRecordHandler } from '../application/contacts/correct-student-record/correct-student-record.handler';
import { AnalyticsProjection } from '../projections/analytics/analytics.projection';
import { CommunicationLogProjection } from '../projections/records/communication-log.projection';
import { InboxProjection } from '../projections/inbox/inbox.projection';
import { GetCommunicationLogHandler } from '../projections/records/log.query-handlers';
import { GetStudentHandler, ListCurrentEnrollmentsHandler } from '../projections/contacts/roster.query-handlers';
import {
  GetThreadHandler,
  ListThreadsHandler,
  ListUnroutedInboundHandler,
} from '../projections/messaging/threads.query-handlers';
import { RosterProjection } from '../projections/contacts/roster.projection';
import { PROJECTIONS } from '../projections/runner/projection';
import { ProjectionFailures } from '../projections/runner/projection-failures';
import { ProjectionRunner } from '../projections/runner/projection-runner';
import { ThreadsProjection } from '../projections/messaging/threads.projection';

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
