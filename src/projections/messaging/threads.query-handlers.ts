import { DISTRICT_OFFICE, hasRole } from '../../domain/shared/role-groups';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { LessThan, MoreThan, type DataSource } from 'typeorm';
import {
  GetThreadQuery,
  ListThreadsQuery,
  type PortalThreadView,
  type ThreadMessageView,
  type ThreadView,
} from '../../application/messaging/threads.queries';
import { ListUnroutedInboundQuery, type UnroutedView } from '../../application/replies/unrouted.queries';
import type { Page } from '../../application/shared/page';
import type { Actor } from '../../domain/shared/actor';
import { DomainError } from '../../domain/shared/domain-error';
import { decodeCursor, pageOf } from '../paging/page-cursor';
import { READ_MODEL_DATA_SOURCE } from '../runner/read-model-data-source';
import { ThreadMessageRow, ThreadRow, UnroutedInboundRow } from './threads.entities';
import { portalThread, portalThreads, withoutMessages } from './portal-threads.reader';
import { authorizeStudentRead } from '../contacts/student-access';

/** Teachers see their own thread with a student, never a colleague's; the school and compliance see all. */
const ownThreadsOnly = (actor: Actor): string | undefined => (actor.role === 'teacher' ? actor.id : undefined);

const toThread = (t: ThreadRow): ThreadView => ({
  studentId: t.studentId,
  staffId: t.staffId,
  staffName: t.staffName,
  messageCount: t.messageCount,
  lastMessageAt: t.lastMessageAt.toISOString(),
  lastDirection: t.lastDirection,
});

const toMessage = (m: ThreadMessageRow): ThreadMessageView => ({
  messageId: m.messageId,
  direction: m.direction,
  channel: m.channel,
  body: m.body,
  status: m.status,
  failureReason: m.failureReason,
  errorCode: m.errorCode,
  enrollmentId: m.enrollmentId,
  createdAt: m.createdAt.toISOString(),
  statusAt: m.statusAt.toISOString(),
  scheduledFor: m.scheduledFor?.toISOString() ?? null,
  flag: m.flag,
  receivedOn: m.receivedOn,
  mayBeForAnotherStaffMember: m.mayBeForAnotherStaffMember,
  movedFromStaffId: m.movedFromStaffId,
});

@QueryHandler(ListThreadsQuery)
export class ListThreadsHandler implements IQueryHandler<ListThreadsQuery> {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource) {}

  async execute({ actor, studentId }: ListThreadsQuery): Promise<ThreadView[] | PortalThreadView[]> {
    await authorizeStudentRead(this.db, actor, studentId, 'threads');
    if (actor.role === 'student') return (await portalThreads(this.db, studentId)).map(withoutMessages);
    const staffId = ownThreadsOnly(actor);
    const rows = await this.db
      .getRepository(ThreadRow)
      .find({ where: { studentId, ...(staffId ? { staffId } : {}) }, order: { lastMessageAt: 'DESC' } });
    return rows.map(toThread);
  }
}

@QueryHandler(GetThreadQuery)
export class GetThreadHandler implements IQueryHandler<GetThreadQuery> {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource) {}

  async execute({
    actor,
    studentId,
    staffId,
    page,
  }: GetThreadQuery): Promise<(ThreadView & { nextCursor?: string | null }) | PortalThreadView> {
    await authorizeStudentRead(this.db, actor, studentId, 'threads');
    if (actor.role === 'student') return portalThread(this.db, studentId, staffId);
    const own = ownThreadsOnly(actor);
    if (own && own !== staffId)
      throw new DomainError('FORBIDDEN_THREAD', 'Teachers can read only their own thread with a student.', 'forbidden');
    const thread = await this.db.getRepository(ThreadRow).findOneBy({ studentId, staffId });
    if (!thread)
      throw new DomainError(
        'THREAD_NOT_FOUND',
        'There is no thread between this student and this staff member.',
        'not_found',
      );
    const found = await this.db.getRepository(ThreadMessageRow).find({
      where: { studentId, staffId, ...(page.after !== undefined ? { position: MoreThan(page.after) } : {}) },
      order: { position: 'ASC' },
      ...(page.limit ? { take: page.limit + 1 } : {}),
    });
    const messages = page.limit ? found.slice(0, page.limit) : found;
    const nextCursor =
      page.limit && found.length > page.limit ? messages[messages.length - 1]!.position.toString() : null;
    return { ...toThread(thread), messages: messages.map(toMessage), nextCursor };
  }
}

@QueryHandler(ListUnroutedInboundQuery)
export class ListUnroutedInboundHandler implements IQueryHandler<ListUnroutedInboundQuery> {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource) {}

  async execute({ actor, limit, cursor }: ListUnroutedInboundQuery): Promise<Page<UnroutedView>> {
    if (!hasRole(actor, DISTRICT_OFFICE)) {
      throw new DomainError('FORBIDDEN_ROLE', `Your role (${actor.role}) cannot read the unrouted inbox.`, 'forbidden');
    }
    // Newest first in log order (the position is exact; a received time may repeat), in keyset pages.
    const after = decodeCursor(cursor, 1);
    if (after && !/^\d{1,20}$/.test(after[0]!))
      throw new DomainError(
        'INVALID_CURSOR',
        'This cursor was not given by this list: pass the X-Next-Cursor of the previous page unchanged.',
        'invalid',
      );
    const rows = await this.db.getRepository(UnroutedInboundRow).find({
      where: { districtId: actor.districtId, ...(after ? { position: LessThan(BigInt(after[0]!)) } : {}) },
      order: { position: 'DESC' },
      take: limit + 1,
    });
    const page = pageOf(rows, limit, (r) => [r.position.toString()]);
    return {
      items: page.rows.map((r) => ({
        messageId: r.messageId,
        studentId: r.studentId,
        fromNumber: r.fromNumber,
        body: r.body,
        reason: r.reason,
        receivedAt: r.receivedAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }
}
