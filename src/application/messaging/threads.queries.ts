import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../domain/shared/actor';

/** The thread reads (staff threads and the student's portal view). Authorization happens in their handlers. */
export interface ThreadMessageView {
  messageId: string;
  direction: 'outbound' | 'inbound';
  channel: 'sms' | 'portal';
  body: string;
  status: string;
  failureReason: string | null;
  errorCode: string | null;
  enrollmentId: string | null;
  createdAt: string;
  statusAt: string;
  /** When a scheduled text goes out (status 'scheduled'), else null. */
  scheduledFor: string | null;
  /** e.g. 'likely_opt_out_request': a student's text that reads like a request to stop texting. */
  flag: string | null;
  /** A reply: which of our numbers it reached (null: the portal, or not known). */
  receivedOn: string | null;
  /** A reply routed to who texted last because our number did not single out this thread: check, and move it if so. */
  mayBeForAnotherStaffMember: boolean;
  /** A reply staff moved here: the staff member whose thread it was first in. */
  movedFromStaffId: string | null;
}

export interface ThreadView {
  studentId: string;
  staffId: string;
  /** The staff member's display name (from their texts), null if none was ever given. */
  staffName: string | null;
  messageCount: number;
  lastMessageAt: string;
  lastDirection: string;
  messages?: ThreadMessageView[];
}

/**
 * The student's own view (the portal's messages tab): only texts that really went out (sent or delivered: never
 * queued, scheduled, retrying, cancelled or failed ones, which never reached their phone) and their own replies,
 * each with the teacher's display name; nothing internal (statuses, failure codes, enrollment ids, routing flags).
 */
export interface PortalMessageView {
  messageId: string;
  direction: 'outbound' | 'inbound';
  channel: 'sms' | 'portal';
  body: string;
  /** When it went out (outbound: its send or delivery report) or came in. */
  at: string;
  /** The teacher of the thread: who wrote an outbound text, to whom a reply went. */
  staffName: string;
}

export interface PortalThreadView {
  /** The handle for replies (POST /v1/me/threads/{staffId}/replies); shown to the student as `staffName`. */
  staffId: string;
  staffName: string;
  messageCount: number;
  lastMessageAt: string;
  messages?: PortalMessageView[];
}

/** Staff get ThreadViews; a student reading their own threads gets the portal's view. */
export class ListThreadsQuery extends Query<ThreadView[] | PortalThreadView[]> {
  constructor(
    readonly actor: Actor,
    readonly studentId: string,
  ) {
    super();
  }
}

/** Staff may read a long thread in pages of messages after a log position (nextCursor: the next page's `after`). */
export class GetThreadQuery extends Query<(ThreadView & { nextCursor?: string | null }) | PortalThreadView> {
  constructor(
    readonly actor: Actor,
    readonly studentId: string,
    readonly staffId: string,
    readonly page: { after?: bigint; limit?: number } = {},
  ) {
    super();
  }
}
