import { RECORD_READERS } from '../../../domain/shared/role-groups';
import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MarkInboxReadCommand } from '../../../application/inbox/mark-inbox-read/mark-inbox-read.command';
import { ListInboxQuery, type InboxPage } from '../../../application/inbox/inbox.queries';
import { ListedRecordAccess } from '../../../application/records-access/listed-access';
import type { CommandEnvelope } from '../../../application/shared/command-envelope';
import { Roles } from '../../auth/roles.decorator';
import { Envelope } from '../command-envelope.decorator';
import { ParseIdPipe } from '../parse-id.pipe';
import { purposeOf } from '../records-access/records-access.interceptor';
import type { AccessRequest } from '../records-access/records-access.metadata';
import { InboxPageDto, InboxPageResponseDto, MarkReadResponseDto } from './inbox.dto';

const STAFF = RECORD_READERS;

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('v1/me/inbox')
export class InboxController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly access: ListedRecordAccess,
  ) {}

  @Get()
  @Roles(...STAFF)
  @ApiOperation({
    summary:
      'My inbox: my threads across students, newest first, with my unread counts and flags (teachers: students of their active enrollments; school staff: their district)',
  })
  @ApiHeader({
    name: 'X-Access-Purpose',
    required: false,
    description: 'Why the record is read (one line), kept in the access record; or ?purpose=',
  })
  @ApiOkResponse({ type: InboxPageResponseDto })
  async list(
    @Query() dto: InboxPageDto,
    @Envelope() env: CommandEnvelope,
    @Req() req: AccessRequest,
  ): Promise<InboxPage> {
    const purpose = purposeOf(req);
    const page = await this.queries.execute(
      new ListInboxQuery(env.actor, {
        ...(dto.cursor ? { cursor: dto.cursor } : {}),
        limit: dto.limit ?? 25,
        unreadOnly: dto.unread === 'only',
      }),
    );
    await this.access.record(
      env,
      purpose,
      'inbox',
      page.items.map((i) => ({ studentId: i.studentId, staffId: i.staffId, shows: i.lastMessage.messageId })),
    );
    return page;
  }

  @Post(':studentId/threads/:staffId/read')
  @HttpCode(200)
  @Roles(...STAFF)
  @ApiOperation({ summary: "Mark a thread of my inbox read, for me only (a colleague's unread state is theirs)" })
  @ApiOkResponse({ type: MarkReadResponseDto })
  markThreadRead(
    @Param('studentId', ParseIdPipe) studentId: string,
    @Param('staffId', ParseIdPipe) staffId: string,
    @Envelope() env: CommandEnvelope,
  ) {
    return this.commands.execute(new MarkInboxReadCommand({ studentId, staffId }, env));
  }

  @Post(':studentId/unrouted/read')
  @HttpCode(200)
  @Roles(...STAFF)
  @ApiOperation({ summary: "Mark a student's unrouted texts (sent before any thread existed) read, for me only" })
  @ApiOkResponse({ type: MarkReadResponseDto })
  markUnroutedRead(@Param('studentId', ParseIdPipe) studentId: string, @Envelope() env: CommandEnvelope) {
    return this.commands.execute(new MarkInboxReadCommand({ studentId, staffId: null }, env));
  }
}
