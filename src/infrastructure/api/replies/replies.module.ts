import { type DynamicModule, Module } from '@nestjs/common';
import { MoveInboundSmsHandler } from '../../../application/replies/move-inbound-sms/move-inbound-sms.handler';
import {
  KEYWORD_REPLIES_BY,
  ReceiveInboundSmsHandler,
} from '../../../application/replies/receive-inbound-sms/receive-inbound-sms.handler';
import { RecordInboundSmsHandler } from '../../../application/replies/record-inbound-sms/record-inbound-sms.handler';
import type { AppConfig } from '../../config/app-config';
import { ContactsModule } from '../contacts/contacts.module';
import { RepliesController } from './replies.controller';

/**
 * Replies: what students text back (from the provider or the portal), routed to the thread it answers or kept
 * unrouted, STOP/START/HELP answered, a misrouted reply moved. Its rows are in the threads and inbox read models.
 */
@Module({})
export class RepliesModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: RepliesModule,
      imports: [ContactsModule],
      controllers: [RepliesController],
      providers: [
        ReceiveInboundSmsHandler,
        RecordInboundSmsHandler,
        MoveInboundSmsHandler,
        { provide: KEYWORD_REPLIES_BY, useValue: config.twilio?.keywordReplies === 'twilio' ? 'provider' : 'service' },
      ],
    };
  }
}
