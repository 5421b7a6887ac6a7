import { Module } from '@nestjs/common';
import { MarkInboxReadHandler } from '../../../application/inbox/mark-inbox-read/mark-inbox-read.handler';
import { INBOX_ITEMS } from '../../../application/ports/inbox-items.port';
import { InboxItemsAdapter, ListInboxHandler } from '../../../projections/inbox/inbox.queries';
import { InboxProjection } from '../../../projections/inbox/inbox.projection';
import type { Projection } from '../../../projections/runner/projection';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { DATABASE_URLS, type DatabaseUrls } from '../../database/database-setup';
import { pgClientConfig } from '../../database/pg-connection';
import { RecordsAccessModule } from '../records-access/records-access.module';
import { InboxChangesPruner } from './inbox-changes.pruner';
import { InboxEventsHub } from './inbox-events.hub';
import { InboxController } from './inbox.controller';
import { MeEventsController } from './me-events.controller';

/**
 * The staff inbox: what a staff member works from (their threads and the unrouted texts, unread first), marking read,
 * and its live stream of changes (`/v1/me/events`), with the inbox read model.
 */
@Module({
  imports: [RecordsAccessModule],
  controllers: [InboxController, MeEventsController],
  providers: [
    ListInboxHandler,
    MarkInboxReadHandler,
    { provide: INBOX_ITEMS, useClass: InboxItemsAdapter },
    InboxChangesPruner,
    {
      provide: InboxEventsHub,
      inject: [DATABASE_URLS, APP_CONFIG],
      useFactory: (urls: DatabaseUrls, config: AppConfig) =>
        new InboxEventsHub(pgClientConfig(urls.service, config.database, 'texting-inbox-events')),
    },
  ],
})
export class InboxModule {
  /** The read models this capability keeps (run by the projection runner, CoreModule). */
  static readonly readModels = (): Projection[] => [new InboxProjection()];
}
