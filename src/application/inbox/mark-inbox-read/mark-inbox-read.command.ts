import { Command } from '@nestjs/cqrs';
import type { InboxItemKey } from '../../ports/inbox-items.port';
import type { CommandEnvelope } from '../../shared/command-envelope';

/** The caller marks one of their inbox items read: their own unread state only. */
export class MarkInboxReadCommand extends Command<{ changed: boolean; unreadCount: 0 }> {
  constructor(
    readonly item: InboxItemKey,
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
