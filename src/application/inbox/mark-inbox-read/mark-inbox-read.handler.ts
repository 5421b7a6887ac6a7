import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideMarkRead } from '../../../domain/inbox/inbox-item';
import { inboxStreamId } from '../../../domain/inbox/inbox.events';
import { DomainError } from '../../../domain/shared/domain-error';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '../../ports/clock.port';
import { EVENT_STORE, type EventStore } from '../../ports/event-store.port';
import { INBOX_ITEMS, type InboxItems } from '../../ports/inbox-items.port';
import { toEventData } from '../../shared/to-event-data';
import { MarkInboxReadCommand } from './mark-inbox-read.command';

/**
 * Marks what the reader can see now as read. The item is read from the inbox read model with the list's own scope
 * (one marks only what one may read) and the decision is the domain's (decideMarkRead). The event goes to the
 * reader's stream with expected revision "any": the fold keeps the larger counters, so concurrent marks, from two
 * tabs or two replicas, agree in any order. A reply that lands between the read and the append is not covered: its
 * counter is not in the event.
 */
@CommandHandler(MarkInboxReadCommand)
export class MarkInboxReadHandler implements ICommandHandler<MarkInboxReadCommand> {
  constructor(
    @Inject(INBOX_ITEMS) private readonly items: InboxItems,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ item, env }: MarkInboxReadCommand): Promise<{ changed: boolean; unreadCount: 0 }> {
    // Compliance reads every thread of its district but changes nothing (README: every write route answers 403).
    if (env.actor.role === 'compliance')
      throw new DomainError(
        'FORBIDDEN_ROLE',
        'Compliance staff read the record but change nothing, not even a read mark.',
        'forbidden',
      );
    const state = await this.items.readableItem(env.actor, item);
    const events = decideMarkRead(env.actor.id, item, state.counters, state.seen);
    if (events.length === 0) return { changed: false, unreadCount: 0 };
    const { position } = await this.store.append(
      inboxStreamId(env.actor.id),
      toEventData(events, 'MarkInboxRead', env, this.clock.now(), this.ids),
      'any',
    );
    // Read your own mark: the inbox the reader loads next (or a second click) already shows it.
    await this.items.caughtUp(position);
    return { changed: true, unreadCount: 0 };
  }
}
