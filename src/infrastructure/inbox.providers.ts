import type { Provider, Type } from '@nestjs/common';
import { GetDistrictSmsPolicyHandler } from '../application/districts/get-district-sms-policy/get-district-sms-policy.handler';
import { MarkInboxReadHandler } from '../application/inbox/mark-inbox-read/mark-inbox-read.handler';
import { INBOX_ITEMS } from '../application/ports/inbox-items.port';
import { ListedRecordAccess } from '../application/records-access/listed-access';
import { InboxItemsAdapter, ListInboxHandler } from '../projections/inbox/inbox.queries';
import { SearchStudentsHandler } from '../projections/contacts/student-search.query-handler';
import { StudentSearchController } from './api/contacts/student-search.controller';
import { InboxController } from './api/inbox/inbox.controller';
import { InboxEventsHub } from './api/inbox/inbox-events.hub';
import { MeEventsController } from './api/inbox/me-events.controller';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { DATABASE_URLS, type DatabaseUrls } from './database/database-setup';
import { pgClientConfig } from './database/pg-connection';

/**
 * What staff work from (issue 16): the inbox's query, marking read, the list's access record, the live stream, student
 * search, the district's SMS policy.
 * The inbox projection is in PROJECTION_PROVIDERS.
 */
export const INBOX_PROVIDERS: Provider[] = [
  ListInboxHandler,
  MarkInboxReadHandler,
  ListedRecordAccess,
  GetDistrictSmsPolicyHandler,
  SearchStudentsHandler,
  { provide: INBOX_ITEMS, useClass: InboxItemsAdapter },
  {
    provide: InboxEventsHub,
    inject: [DATABASE_URLS, APP_CONFIG],
    useFactory: (urls: DatabaseUrls, config: AppConfig) =>
      new InboxEventsHub(pgClientConfig(urls.service, config.database, 'texting-inbox-events')),
  },
];

export const INBOX_CONTROLLERS: Type[] = [InboxController, MeEventsController, StudentSearchController];
