import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ApiReply } from '../../http/http-request';
import { ListUnroutedInboundQuery } from '../../../application/replies/unrouted.queries';
import { RecordInboundSmsCommand } from '../../../application/replies/record-inbound-sms/record-inbound-sms.command';
import type { Actor } from '../../../domain/shared/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiPagedArrayResponse, setNextCursor } from '../../http/next-page';
import { UnroutedInboundDto, MoveReplyResponseDto, PortalReplyResponseDto } from './replies-responses.dto';
import { MoveInboundSmsCommand } from '../../../application/replies/move-inbound-sms/move-inbound-sms.command';
import type { CommandEnvelope } from '../../../application/shared/command-envelope';
import { Roles } from '../../auth/roles.decorator';
import { Envelope } from '../command-envelope.decorator';
import { MoveReplyDto, PortalReplyDto, UnroutedPageDto } from './replies.dto';
import { ParseIdPipe } from '../parse-id.pipe';
import { STAFF_ROLES } from '../../../domain/shared/role-groups';

/**
 * Replies: a student's reply from the portal, staff putting a reply where it belongs (sender pools: README "Sender
 * numbers and reply routing"), and the texts kept in nobody's thread.
 */
@ApiTags('messaging')
@ApiBearerAuth()
@Controller('v1')
export class RepliesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('students/:id/replies/:messageId/move')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @ApiOperation({
    summary:
      "Move a student's reply to the thread it was meant for (the staff member whose thread shows it, or the school); again: no change",
  })
  @ApiOkResponse({ type: MoveReplyResponseDto })
  async move(
    @Param('id', ParseIdPipe) id: string,
    @Param('messageId', ParseIdPipe) messageId: string,
    @Body() dto: MoveReplyDto,
    @Envelope() env: CommandEnvelope,
  ) {
    const out = await this.commands.execute(
      new MoveInboundSmsCommand(id, { messageId, toStaffId: dto.toStaffId, reason: dto.reason ?? null }, env),
    );
    return { messageId, staffId: out.result.staffId, changed: out.recorded > 0, revision: out.revision };
  }

  @Get('inbound/unrouted')
  @ApiOperation({
    summary: "Texts kept but in nobody's thread (no staff thread yet, or an unknown number), newest first",
  })
  @ApiPagedArrayResponse('cursor', 'Up to `limit` texts (default 200)', UnroutedInboundDto)
  async unrouted(
    @Query() page: UnroutedPageDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: ApiReply,
  ) {
    const out = await this.queries.execute(new ListUnroutedInboundQuery(actor, page.limit ?? 200, page.cursor));
    setNextCursor(res, out.nextCursor);
    return out.items;
  }

  @Post('me/threads/:staffId/replies')
  @Roles('student')
  @ApiOperation({ summary: 'Student portal: reply in a thread a teacher started' })
  @ApiCreatedResponse({ type: PortalReplyResponseDto })
  async reply(
    @Param('staffId', ParseIdPipe) staffId: string,
    @Body() dto: PortalReplyDto,
    @Envelope() env: CommandEnvelope,
  ) {
    const out = await this.commands.execute(
      new RecordInboundSmsCommand(
        env.actor.id,
        { body: dto.body, channel: 'portal', providerMessageId: null, staffId, receivedOn: null },
        env,
      ),
    );
    return out.result;
  }
}
