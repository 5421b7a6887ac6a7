import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MoveInboundSmsCommand } from '../../../application/replies/move-inbound-sms/move-inbound-sms.command';
import type { CommandEnvelope } from '../../../application/shared/command-envelope';
import { Roles } from '../../auth/roles.decorator';
import { Envelope } from '../command-envelope.decorator';
import { MoveReplyDto } from '../dto/messaging.dto';
import { MoveReplyResponseDto } from '../dto/write-responses.dto';
import { ParseIdPipe } from '../parse-id.pipe';
import { STAFF_ROLES } from '../../../domain/shared/role-groups';

/** Staff putting a student's reply where it belongs (sender pools: README "Sender numbers and reply routing"). */
@ApiTags('messaging')
@ApiBearerAuth()
@Controller('v1')
export class RepliesController {
  constructor(private readonly commands: CommandBus) {}

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
}
