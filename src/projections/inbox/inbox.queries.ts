import { Inject, Injectable } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import type { InboxItemKey, InboxItems, InboxItemState } from '../../application/ports/inbox-items.port';
import { ListInboxQuery, type InboxItemView, type InboxPage } from '../../application/inbox/inbox.queries';
import { flagsOf, unreadOf } from '../../domain/inbox/inbox-item';
import type { Actor } from '../../domain/shared/actor';
import { DomainError } from '../../domain/shared/domain-error';
import { decodeCursor, pageOf } from '../paging/page-cursor';
import { ProjectionRunner } from '../runner/projection-runner';
import { READ_MODEL_DATA_SOURCE } from '../runner/read-model-data-source';
import { inboxScope } from './inbox.access';
import { UNROUTED } from './inbox.fold';

/** How long marking read waits for the inbox to show it, at most (a stalled projection must not hold the request). */
const CAUGHT_UP_WAIT_MS = 2_000;

interface Row {
  student_id: string;
  staff_id: string;
  first_name: string | null;
  last_message_id: string;
  last_direction: 'outbound' | 'inbound';
  last_status: string;
  last_at: Date;
  preview: string | null;
  last_position: string;
  inbound_count: number;
  failed_count: number;
  opt_out_at: number;
  other_at: number;
  seen_inbound: number | null;
  seen_failed: number | null;
}

const COLUMNS = `i.student_id, i.staff_id, d.first_name, i.last_message_id, i.last_direction, i.last_status, i.last_at, i.preview, i.last_position::text AS last_position,
  i.inbound_count, i.failed_count, i.opt_out_at, i.other_at, s.inbound_count AS seen_inbound, s.failed_count AS seen_failed`;
const FROM = `inbox_items i
  LEFT JOIN inbox_seen s
    ON s.user_id = $1 AND s.district_id = i.district_id AND s.student_id = i.student_id AND s.staff_id = i.staff_id
  LEFT JOIN student_directory d ON d.district_id = i.district_id AND d.student_id = i.student_id`;

const countersOf = (r: Row) => ({
  inboundCount: r.inbound_count,
  failedCount: r.failed_count,
  optOutAt: r.opt_out_at,
  otherAt: r.other_at,
});
const seenOf = (r: Row) =>
  r.seen_inbound === null ? null : { inboundCount: r.seen_inbound, failedCount: r.seen_failed ?? 0 };

function toView(r: Row): InboxItemView {
  const unrouted = r.staff_id === UNROUTED;
  return {
    kind: unrouted ? 'unrouted' : 'thread',
    studentId: r.student_id,
    studentFirstName: r.first_name,
    staffId: unrouted ? null : r.staff_id,
    unreadCount: unreadOf(countersOf(r), seenOf(r)),
    lastMessage: {
      messageId: r.last_message_id,
      direction: r.last_direction,
      status: r.last_status,
      at: r.last_at.toISOString(),
      preview: r.preview,
    },
    flags: flagsOf(countersOf(r), unrouted, seenOf(r)),
  };
}

/** The statement of one inbox page (exported so the bench can EXPLAIN exactly what the route runs). */
export function inboxPageStatement(
  actor: Actor,
  page: { limit: number; unreadOnly: boolean },
  after: string[] | null,
): { text: string; values: unknown[] } {
  return {
    text: `SELECT ${COLUMNS} FROM ${FROM}
        WHERE ${inboxScope(actor)}
          AND ($3::bigint IS NULL OR (i.last_position, i.student_id, i.staff_id) < ($3::bigint, $4::text, $5::text))
          AND (NOT $6::boolean OR i.inbound_count > coalesce(s.inbound_count, 0) OR i.failed_count > coalesce(s.failed_count, 0))
        ORDER BY i.last_position DESC, i.student_id DESC, i.staff_id DESC
        LIMIT $7`,
    values: [
      actor.id,
      actor.districtId,
      after?.[0] ?? null,
      after?.[1] ?? null,
      after?.[2] ?? null,
      page.unreadOnly,
      page.limit + 1,
    ],
  };
}

/**
 * GET /v1/me/inbox: the caller's items across students, newest message first (log order), in keyset pages on
 * (last position, student, staff). An item that gets a new message while a reader pages moves to the top: it is then
 * on a page they already have, never shown twice on later pages.
 */
@QueryHandler(ListInboxQuery)
export class ListInboxHandler implements IQueryHandler<ListInboxQuery> {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource) {}

  async execute({ actor, page }: ListInboxQuery): Promise<InboxPage> {
    const after = decodeCursor(page.cursor, 3);
    if (after && !/^\d{1,20}$/.test(after[0]!))
      throw new DomainError(
        'INVALID_CURSOR',
        'This cursor was not given by this list: pass the nextCursor of the previous page unchanged.',
        'invalid',
      );
    const statement = inboxPageStatement(actor, page, after);
    const rows = await this.db.query<Row[]>(statement.text, statement.values);
    const { rows: shown, nextCursor } = pageOf(rows, page.limit, (r) => [r.last_position, r.student_id, r.staff_id]);
    return { items: shown.map(toView), nextCursor };
  }
}

/** The read model side of marking an item read: the same scope as the list, so one can mark only what one can see. */
@Injectable()
export class InboxItemsAdapter implements InboxItems {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource,
    private readonly runner: ProjectionRunner,
  ) {}

  async caughtUp(position: bigint): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.runner.waitFor(position),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CAUGHT_UP_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  async readableItem(actor: Actor, key: InboxItemKey): Promise<InboxItemState> {
    const [row] = await this.db.query<Row[]>(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${inboxScope(actor)} AND i.student_id = $3 AND i.staff_id = $4`,
      [actor.id, actor.districtId, key.studentId, key.staffId ?? UNROUTED],
    );
    if (!row)
      throw new DomainError(
        'INBOX_ITEM_NOT_FOUND',
        'There is no such item in your inbox (your own threads, and students of your active enrollments).',
        'not_found',
      );
    return { counters: countersOf(row), seen: seenOf(row) };
  }
}
