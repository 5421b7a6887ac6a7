import type { InboxItemRead } from './inbox.events';

/**
 * One line of a staff inbox: a thread (student, staff member) or the student's texts no thread took. Its counters only
 * ever grow, so a reader's unread state is a snapshot of them (what they had seen when they marked it read).
 * `optOutAt` / `otherAt`: the inbound count at the latest reply flagged as a likely opt-out request / as maybe meant
 * for another staff member (0: none), so a flag is new to a reader exactly when that reply is unread by them.
 */
export interface InboxCounters {
  inboundCount: number;
  failedCount: number;
  optOutAt: number;
  otherAt: number;
}

export interface InboxSeen {
  inboundCount: number;
  failedCount: number;
}

export const INBOX_FLAGS = [
  'failed_text',
  'likely_opt_out_request',
  'may_be_for_another_staff_member',
  'unrouted_first_text',
] as const;
export type InboxFlag = (typeof INBOX_FLAGS)[number];

const NOTHING_SEEN: InboxSeen = { inboundCount: 0, failedCount: 0 };

/** Replies the reader has not seen. A reply moved out of the thread still counts until read (README, inbox). */
export const unreadOf = (item: InboxCounters, seen: InboxSeen | null): number =>
  Math.max(0, item.inboundCount - (seen ?? NOTHING_SEEN).inboundCount);

/** What the item asks of this reader: the flags of what they have not seen yet. */
export function flagsOf(item: InboxCounters, unrouted: boolean, seen: InboxSeen | null): InboxFlag[] {
  const s = seen ?? NOTHING_SEEN;
  const flags: InboxFlag[] = [];
  if (item.failedCount > s.failedCount) flags.push('failed_text');
  if (item.optOutAt > s.inboundCount) flags.push('likely_opt_out_request');
  if (item.otherAt > s.inboundCount) flags.push('may_be_for_another_staff_member');
  if (unrouted && item.inboundCount > s.inboundCount) flags.push('unrouted_first_text');
  return flags;
}

/** Marking read: an event only when there is something the reader had not seen (again: nothing recorded). */
export function decideMarkRead(
  userId: string,
  key: { studentId: string; staffId: string | null },
  item: InboxCounters,
  seen: InboxSeen | null,
): InboxItemRead[] {
  const s = seen ?? NOTHING_SEEN;
  if (item.inboundCount <= s.inboundCount && item.failedCount <= s.failedCount) return [];
  return [
    {
      type: 'InboxItemRead',
      data: {
        userId,
        studentId: key.studentId,
        staffId: key.staffId,
        inboundCount: Math.max(item.inboundCount, s.inboundCount),
        failedCount: Math.max(item.failedCount, s.failedCount),
      },
    },
  ];
}

export const PREVIEW_LENGTH = 80;

/** The start of a text as one line, at most PREVIEW_LENGTH characters (code points: never half an emoji). */
export function previewOf(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length <= PREVIEW_LENGTH ? line : `${chars.slice(0, PREVIEW_LENGTH - 1).join('')}…`;
}
