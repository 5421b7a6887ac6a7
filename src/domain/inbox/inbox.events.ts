import type { DomainEvent } from '../shared/event';

/**
 * A staff member marked one inbox item read: their own unread state, never anyone else's (two teachers of one
 * student each have theirs). The counters are the item's as the reader saw them (inbox-item.ts): everything up to
 * them counts as read. Kept in the reader's own stream, `inbox-<userId>`, so marking read never touches the student's
 * stream; appended with expected revision "any" because the fold keeps the larger counters, whatever the order.
 */
export type InboxItemRead = DomainEvent<
  'InboxItemRead',
  {
    userId: string;
    studentId: string;
    /** The thread's staff member; null for the student's texts that reached no thread (teacher first). */
    staffId: string | null;
    inboundCount: number;
    failedCount: number;
  }
>;

export type InboxEvent = InboxItemRead;

export const INBOX_STREAM_PREFIX = 'inbox-';
export const inboxStreamId = (userId: string): string => `${INBOX_STREAM_PREFIX}${userId}`;
