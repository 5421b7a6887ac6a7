import type { InboxCounters, InboxSeen } from '../../domain/inbox/inbox-item';
import type { Actor } from '../../domain/shared/actor';

export interface InboxItemKey {
  studentId: string;
  /** null: the student's texts that reached no thread. */
  staffId: string | null;
}

/** An inbox item as the read model has it now, and what this reader has seen of it. */
export interface InboxItemState {
  counters: InboxCounters;
  seen: InboxSeen | null;
}

/** The inbox read model, for marking an item read. Throws the read's own errors (403, 404) for an item the actor may not read. */
export interface InboxItems {
  readableItem(actor: Actor, key: InboxItemKey): Promise<InboxItemState>;
  /** Resolves once the inbox shows the log up to `position` (or after a bounded wait): a reader's next look sees their mark. */
  caughtUp(position: bigint): Promise<void>;
}

export const INBOX_ITEMS = Symbol('INBOX_ITEMS');
