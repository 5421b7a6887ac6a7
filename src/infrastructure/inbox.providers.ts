import type { Provider, Type } from '@nestjs/common';
import { MarkInboxReadHandler } from '../application/mark-inbox-read/mark-inbox-read.handler';
import { INBOX_ITEMS } from '../application/ports/inbox-items.port';
import { ListedRecordAccess } from '../application/records-access/listed-access';
import { InboxItemsAdapter, ListInboxHandler } from '../projections/inbox/inbox.queries';
import { InboxController } from './api/inbox/inbox.controller';

/** The staff inbox (issue 16): its query, marking read, the list's access record. Its projection is in PROJECTION_PROVIDERS. */
export const INBOX_PROVIDERS: Provider[] = [
  ListInboxHandler, MarkInboxReadHandler, ListedRecordAccess,
  { provide: INBOX_ITEMS, useClass: InboxItemsAdapter },
];

export const INBOX_CONTROLLERS: Type[] = [InboxController];
