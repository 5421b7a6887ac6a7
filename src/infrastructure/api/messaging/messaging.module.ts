import { Module } from '@nestjs/common';
import { CancelSmsHandler } from '../../../application/messaging/cancel-sms/cancel-sms.handler';
import { ClassTextRunner, RESUME_CLASS_TEXTS } from '../../../application/messaging/class-texting/class-text-runner';
import { ClassTextingService } from '../../../application/messaging/class-texting/class-texting.service';
import { PreviewSmsHandler } from '../../../application/messaging/preview-sms/preview-sms.handler';
import { SendSmsHandler } from '../../../application/messaging/send-sms/send-sms.handler';
import { TemplateLibraryService } from '../../../application/messaging/templates/template-library.service';
import {
  GetThreadHandler,
  ListThreadsHandler,
  ListUnroutedInboundHandler,
} from '../../../projections/messaging/threads.query-handlers';
import { ThreadsProjection } from '../../../projections/messaging/threads.projection';
import { WorklistsReader } from '../../../projections/messaging/worklists.reader';
import type { Projection } from '../../../projections/runner/projection';
import { MANUAL_REACTIONS } from '../../core.tokens';
import { ContactsModule } from '../contacts/contacts.module';
import { RecordsAccessModule } from '../records-access/records-access.module';
import { ClassTextingController } from './class-texting.controller';
import { MessagingController } from './messaging.controller';
import { TemplatesController } from './templates.controller';
import { WorklistsController } from './worklists.controller';

/**
 * Messaging: what staff text and read (a text to a student, its cancel and preview, class texts, templates, the
 * teacher's worklists) and the threads read model with its queries. Sending is Delivery's; replies are Replies'.
 */
@Module({
  imports: [ContactsModule, RecordsAccessModule],
  controllers: [MessagingController, TemplatesController, ClassTextingController, WorklistsController],
  providers: [
    SendSmsHandler,
    CancelSmsHandler,
    PreviewSmsHandler,
    ListThreadsHandler,
    GetThreadHandler,
    ListUnroutedInboundHandler,
    TemplateLibraryService,
    ClassTextingService,
    ClassTextRunner,
    WorklistsReader,
    { provide: RESUME_CLASS_TEXTS, inject: [MANUAL_REACTIONS], useFactory: (manual: boolean) => !manual },
  ],
})
export class MessagingModule {
  /** The read models this capability keeps (run by the projection runner, CoreModule). */
  static readonly readModels = (): Projection[] => [new ThreadsProjection()];
}
