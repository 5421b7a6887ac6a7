import { Query } from '@nestjs/cqrs';
import type { InboxFlag } from '../../domain/inbox/inbox-item';
import type { Actor } from '../../domain/shared/actor';

/** One line of a staff member's inbox: a thread, or a student's texts that reached no thread (`kind: 'unrouted'`). */
export interface InboxItemView {
  kind: 'thread' | 'unrouted';
  studentId: string;
  /** The student's first name, as Current Enrollments shows it. */
  studentFirstName: string | null;
  /** The thread's staff member; null for unrouted texts. */
  staffId: string | null;
  /** Replies this reader has not marked read (every reader has their own). */
  unreadCount: number;
  lastMessage: {
    messageId: string;
    direction: 'outbound' | 'inbound';
    status: string;
    at: string;
    /** The start of the text, one line, at most 80 characters; null for a reply moved here from a thread this model never saw. */
    preview: string | null;
  };
  /** What asks for this reader's attention, of what they have not seen yet. */
  flags: InboxFlag[];
}

export interface InboxPage {
  items: InboxItemView[];
  /** Pass as ?cursor= for the next page; null on the last page. */
  nextCursor: string | null;
}

export class ListInboxQuery extends Query<InboxPage> {
  constructor(
    readonly actor: Actor,
    readonly page: { cursor?: string; limit: number; unreadOnly: boolean },
  ) {
    super();
  }
}
