import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ApiReply } from '../../http/http-request';
import { LogCallCommand, type LogCallData } from '../../../application/records/log-call/log-call.command';
import type { CommandEnvelope } from '../../../application/shared/command-envelope';
import { DomainError } from '../../../domain/shared/domain-error';
import { Envelope, etag } from '../command-envelope.decorator';
import { ParseIdPipe } from '../parse-id.pipe';
import { LogCommunicationDto, LogCommunicationResponseDto } from './communications.dto';

/** The kind on the screen, as the record keeps it: a voicemail left is an outbound call that reached voicemail. */
function toLogCall(dto: LogCommunicationDto): LogCallData {
  const direction = dto.direction ?? 'outbound';
  const common = {
    direction,
    party: dto.party,
    durationSeconds: dto.durationSeconds ?? null,
    notes: dto.notes ?? null,
    enrollmentId: dto.enrollmentId ?? null,
    occurredAt: dto.occurredAt ?? null,
  };
  switch (dto.kind) {
    case 'call':
      if (!dto.outcome)
        throw new DomainError(
          'OUTCOME_REQUIRED',
          'Say how the call went: outcome connected, voicemail, no_answer, busy or wrong_number.',
          'invalid',
        );
      return { ...common, medium: 'phone', outcome: dto.outcome };
    case 'voicemail':
      return { ...common, direction: 'outbound', medium: 'phone', outcome: 'voicemail' };
    case 'email':
      return { ...common, medium: 'email', outcome: dto.outcome ?? (direction === 'inbound' ? 'received' : 'sent') };
    case 'meeting':
      return { ...common, medium: 'meeting', outcome: dto.outcome ?? 'held' };
  }
}

@ApiTags('messaging')
@ApiBearerAuth()
@Controller('v1')
export class CommunicationsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('students/:id/communications')
  @ApiOperation({
    summary:
      'Add Communications: log a call, a voicemail left, an email or a meeting (staff who serve the student); back-dated up to 30 days with occurredAt',
  })
  @ApiResponse({
    status: 201,
    type: LogCommunicationResponseDto,
    description: "Logged; ETag is the record's new revision",
    headers: { ETag: { description: 'Stream revision, usable as If-Match', schema: { type: 'string' } } },
  })
  async log(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: LogCommunicationDto,
    @Envelope() env: CommandEnvelope,
    @Res({ passthrough: true }) res: ApiReply,
  ) {
    const out = await this.commands.execute(new LogCallCommand(id, toLogCall(dto), env));
    void res.status(201);
    if (out.revision !== null) void res.header('ETag', etag(out.revision)!);
    return {
      communicationId: out.result.callId,
      kind: dto.kind,
      occurredAt: out.result.occurredAt,
      revision: out.revision,
    };
  }
}
