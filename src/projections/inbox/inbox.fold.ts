import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { InboxEvent } from '../../domain/inbox/inbox.events';
import { previewOf } from '../../domain/inbox/inbox-item';
import {
  deliveryStatusAdvances,
  FINAL_DELIVERY_STATUSES,
  REPORTED_STATUS,
  type ShownDeliveryStatus,
} from '../../domain/student/delivery-status';
import type { StudentEvent } from '../../domain/student/student.events';

/** The staff member key of the student's texts that reached no thread (teacher first): one inbox item per student. */
export const UNROUTED = '';

/** One inbox item: a (student, staff member) thread, or the student's unrouted texts (staffId UNROUTED). */
export interface InboxItemRow {
  studentId: string;
  staffId: string;
  districtId: string;
  lastMessageId: string;
  lastDirection: 'outbound' | 'inbound';
  lastStatus: string;
  /** ISO time of the last message (text: the fold compares nothing by time, the log's order decides). */
  lastAt: string;
  /** null: a reply moved here whose text this model never saw in another thread. */
  preview: string | null;
  /** Log position of the last message: the inbox's order (newest first) and its cursor. */
  lastPosition: string;
  inboundCount: number;
  failedCount: number;
  optOutAt: number;
  otherAt: number;
  /** Texts of this thread that may still change status (not delivered, failed or cancelled yet). */
  pendingIds: string[];
}

/** What one reader has seen of one item (InboxItemRead). */
export interface InboxSeenRow {
  userId: string;
  districtId: string;
  studentId: string;
  staffId: string;
  inboundCount: number;
  failedCount: number;
}

export type InboxChangeKind = 'message' | 'reply' | 'status' | 'flag' | 'read';

/** One change for the live stream (GET /v1/me/events): what happened, never the text itself. */
export interface InboxChangeRow {
  position: string;
  seq: number;
  studentId: string;
  staffId: string;
  districtId: string;
  /** Only this user sees it (their own "read"); null: everyone who may read the item. */
  userId: string | null;
  kind: InboxChangeKind;
  messageId: string | null;
  status: string | null;
  flag: string | null;
  at: string;
}

export interface InboxRows {
  items: InboxItemRow[];
  seen: InboxSeenRow[];
}

export interface InboxFolded extends InboxRows {
  changes: InboxChangeRow[];
}

/** Reports (forward only, the domain's one order) and the domain's own moves of a waiting text. */
const STATUS_OF: Record<string, ShownDeliveryStatus> = {
  ...REPORTED_STATUS,
  SmsCancelled: 'cancelled',
  SmsRetryScheduled: 'retrying',
  SmsRescheduled: 'scheduled',
};
const FINAL: ReadonlySet<string> = FINAL_DELIVERY_STATUSES;

/** Student ids are scoped by district: a student is named by district and id (the district an event acts for). */
const studentKey = (districtId: string, studentId: string): string => `${districtId}\u0000${studentId}`;
export const itemKey = (districtId: string, studentId: string, staffId: string): string =>
  `${districtId}\u0000${studentId}\u0000${staffId}`;
const seenKey = (userId: string, districtId: string, studentId: string, staffId: string): string =>
  `${userId}\u0000${districtId}\u0000${studentId}\u0000${staffId}`;

type SeenKey = { userId: string; districtId: string; studentId: string; staffId: string };

/** The keys the writer loads before folding a batch: the items of every student named, the seen rows named. */
export function keysOf(events: readonly RecordedEvent[]): {
  students: { districtId: string; studentId: string }[];
  seen: SeenKey[];
} {
  const students = new Map<string, { districtId: string; studentId: string }>();
  const seen: SeenKey[] = [];
  const add = (districtId: string, studentId: string) =>
    students.set(studentKey(districtId, studentId), { districtId, studentId });
  for (const event of events) {
    const e = event as unknown as StudentEvent | InboxEvent;
    const districtId = event.metadata.actor.districtId;
    if (e.type === 'InboxItemRead') {
      const { userId, studentId } = e.data;
      seen.push({ userId, districtId, studentId, staffId: e.data.staffId ?? UNROUTED });
      add(districtId, studentId);
    } else if (
      e.type in STATUS_OF ||
      ['SmsQueued', 'SmsReceived', 'InboundSmsMoved', 'InboundSmsUnrouted', 'OptOutRequestFlagged'].includes(e.type)
    ) {
      const studentId = (e.data as { studentId?: unknown }).studentId;
      if (typeof studentId === 'string') add(districtId, studentId);
    }
  }
  return { students: [...students.values()], seen };
}

/**
 * The inbox read model as a pure fold: given the rows the batch's events name (loaded by the writer) and the events
 * in log order, the rows that changed and the change lines for the live stream. Counters only grow; a text's status
 * moves forward until it is final (as in the threads model); marking read keeps the larger counters, so redelivered
 * or reordered reads change nothing.
 */
export function foldInbox(loaded: InboxRows, events: readonly RecordedEvent[]): InboxFolded {
  const items = new Map(
    loaded.items.map((r) => [itemKey(r.districtId, r.studentId, r.staffId), { ...r, pendingIds: [...r.pendingIds] }]),
  );
  const seen = new Map(loaded.seen.map((r) => [seenKey(r.userId, r.districtId, r.studentId, r.staffId), { ...r }]));
  const changedItems = new Set<string>();
  const changedSeen = new Set<string>();
  const changes: InboxChangeRow[] = [];
  /** By studentKey. */
  const byStudent = new Map<string, InboxItemRow[]>();
  const itemsOf = (districtId: string, studentId: string) => byStudent.get(studentKey(districtId, studentId));
  for (const row of items.values()) {
    const k = studentKey(row.districtId, row.studentId);
    byStudent.set(k, [...(byStudent.get(k) ?? []), row]);
  }

  for (const event of events) {
    let seq = 0;
    const position = event.position.toString();
    const at = event.metadata.occurredAt;
    const district = event.metadata.actor.districtId;
    const change = (
      item: InboxItemRow,
      kind: InboxChangeKind,
      messageId: string | null,
      status: string | null,
      flag: string | null,
      userId: string | null = null,
    ) =>
      changes.push({
        position,
        seq: seq++,
        studentId: item.studentId,
        staffId: item.staffId,
        districtId: item.districtId,
        userId,
        kind,
        messageId,
        status,
        flag,
        at,
      });
    const item = (studentId: string, staffId: string): InboxItemRow => {
      const key = itemKey(district, studentId, staffId);
      changedItems.add(key);
      let row = items.get(key);
      if (!row) {
        row = {
          studentId,
          staffId,
          districtId: district,
          lastMessageId: '',
          lastDirection: 'inbound',
          lastStatus: '',
          lastAt: at,
          preview: null,
          lastPosition: position,
          inboundCount: 0,
          failedCount: 0,
          optOutAt: 0,
          otherAt: 0,
          pendingIds: [],
        };
        items.set(key, row);
        byStudent.set(studentKey(district, studentId), [...(itemsOf(district, studentId) ?? []), row]);
      }
      return row;
    };
    const message = (
      row: InboxItemRow,
      messageId: string,
      direction: 'outbound' | 'inbound',
      status: string,
      preview: string | null,
    ) =>
      Object.assign(row, {
        lastMessageId: messageId,
        lastDirection: direction,
        lastStatus: status,
        lastAt: at,
        preview,
        lastPosition: position,
      });
    const inbound = (row: InboxItemRow, messageId: string, preview: string | null, mayBeForAnother: boolean) => {
      message(row, messageId, 'inbound', 'received', preview);
      row.inboundCount += 1;
      if (mayBeForAnother) row.otherAt = row.inboundCount;
      change(
        row,
        'reply',
        messageId,
        'received',
        mayBeForAnother ? 'may_be_for_another_staff_member' : row.staffId === UNROUTED ? 'unrouted_first_text' : null,
      );
    };

    const e = event as unknown as StudentEvent | InboxEvent;
    switch (e.type) {
      case 'SmsQueued': {
        const row = item(e.data.studentId, e.data.staffId);
        const status = e.data.scheduledFor ? 'scheduled' : 'queued';
        message(row, e.data.messageId, 'outbound', status, previewOf(e.data.body));
        // A text is in one thread: the same id queued again (never by the domain, whose ids are new per text) stays where it was.
        if (!itemsOf(district, row.studentId)!.some((r) => r.pendingIds.includes(e.data.messageId)))
          row.pendingIds.push(e.data.messageId);
        change(row, 'message', e.data.messageId, status, null);
        break;
      }
      case 'SmsReceived':
        inbound(
          item(e.data.studentId, e.data.staffId),
          e.data.messageId,
          previewOf(e.data.body),
          e.data.mayBeForAnotherStaffMember === true,
        );
        break;
      case 'InboundSmsUnrouted':
        inbound(item(e.data.studentId, UNROUTED), e.data.messageId, previewOf(e.data.body), false);
        break;
      case 'InboundSmsMoved': {
        const from = items.get(itemKey(district, e.data.studentId, e.data.fromStaffId));
        const preview = from && from.lastMessageId === e.data.messageId ? from.preview : null;
        inbound(item(e.data.studentId, e.data.toStaffId), e.data.messageId, preview, false);
        break;
      }
      case 'OptOutRequestFlagged': {
        const row = item(e.data.studentId, e.data.staffId ?? UNROUTED);
        row.optOutAt = Math.max(row.optOutAt, row.inboundCount);
        change(row, 'flag', e.data.messageId, null, 'likely_opt_out_request');
        break;
      }
      case 'InboxItemRead': {
        const d = e.data;
        const key = seenKey(d.userId, district, d.studentId, d.staffId ?? UNROUTED);
        const row = seen.get(key) ?? {
          userId: d.userId,
          districtId: district,
          studentId: d.studentId,
          staffId: d.staffId ?? UNROUTED,
          inboundCount: 0,
          failedCount: 0,
        };
        row.inboundCount = Math.max(row.inboundCount, d.inboundCount);
        row.failedCount = Math.max(row.failedCount, d.failedCount);
        seen.set(key, row);
        changedSeen.add(key);
        const target = items.get(itemKey(district, d.studentId, row.staffId));
        if (target) change(target, 'read', null, null, null, d.userId);
        break;
      }
      default: {
        const status = STATUS_OF[e.type];
        const d = e.data as { studentId?: string; messageId?: string };
        if (!status || !d.studentId || !d.messageId) break;
        const row = itemsOf(district, d.studentId)?.find((r) => r.pendingIds.includes(d.messageId!));
        if (!row) break;
        changedItems.add(itemKey(row.districtId, row.studentId, row.staffId));
        if (
          row.lastMessageId === d.messageId &&
          (!(e.type in REPORTED_STATUS) || deliveryStatusAdvances(row.lastStatus, status))
        )
          row.lastStatus = status;
        if (status === 'failed') row.failedCount += 1;
        if (FINAL.has(status)) row.pendingIds = row.pendingIds.filter((id) => id !== d.messageId);
        change(row, 'status', d.messageId, status, status === 'failed' ? 'failed_text' : null);
      }
    }
  }
  return {
    items: [...changedItems].map((k) => items.get(k)!),
    seen: [...changedSeen].map((k) => seen.get(k)!),
    changes,
  };
}
