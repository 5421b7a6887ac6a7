import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ApiReply } from '../../http/http-request';
import { AddNoteCommand } from '../../../application/records/add-note/add-note.command';
import { GetCommunicationLogQuery } from '../../../application/records/communication-log.queries';
import { LogCallCommand } from '../../../application/records/log-call/log-call.command';
import type { CommandEnvelope } from '../../../application/shared/command-envelope';
import type { Actor } from '../../../domain/shared/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiPagedArrayResponse, setNextCursor } from '../../http/next-page';
import { Envelope } from '../command-envelope.decorator';
import { AddNoteDto, LogCallDto, LogPageDto } from './log-requests.dto';
import { LogEntryDto } from './log-responses.dto';
import { AddNoteResponseDto, LogCallResponseDto } from './records-responses.dto';
import { ParseIdPipe } from '../parse-id.pipe';
import { RecordsAccess } from '../records-access/records-access.decorator';

/** The communication log: notes and calls written to it, and the log read in stream order. */
@ApiTags('messaging')
@ApiBearerAuth()
@Controller('v1')
export class CommunicationLogController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('students/:id/notes')
  @ApiOperation({ summary: "Add a note to the student's communication log" })
  @ApiCreatedResponse({ type: AddNoteResponseDto })
  async addNote(@Param('id', ParseIdPipe) id: string, @Body() dto: AddNoteDto, @Envelope() env: CommandEnvelope) {
    const out = await this.commands.execute(new AddNoteCommand(id, dto.body, env));
    return { noteId: out.result.noteId, revision: out.revision };
  }

  @Post('students/:id/calls')
  @ApiOperation({ summary: 'Log a phone call with the student or a guardian' })
  @ApiCreatedResponse({ type: LogCallResponseDto })
  async logCall(@Param('id', ParseIdPipe) id: string, @Body() dto: LogCallDto, @Envelope() env: CommandEnvelope) {
    const out = await this.commands.execute(
      new LogCallCommand(
        id,
        {
          direction: dto.direction,
          party: dto.party,
          outcome: dto.outcome,
          durationSeconds: dto.durationSeconds ?? null,
          notes: dto.notes ?? null,
          enrollmentId: dto.enrollmentId ?? null,
          occurredAt: dto.occurredAt ?? null,
        },
        env,
      ),
    );
    return { callId: out.result.callId, revision: out.revision };
  }

  @Get('students/:id/log')
  @RecordsAccess('log', {
    detail: (req, result) => ({
      after: typeof req.query.after === 'string' ? req.query.after : null,
      entries: Array.isArray(result) ? result.length : 0,
    }),
  })
  @ApiOperation({ summary: "The student's communication log, in order" })
  @ApiPagedArrayResponse('after', 'Up to `limit` entries (default 500) after `after`, in stream order', LogEntryDto)
  async log(
    @Param('id', ParseIdPipe) id: string,
    @Query() page: LogPageDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: ApiReply,
  ) {
    const out = await this.queries.execute(
      new GetCommunicationLogQuery(actor, id, {
        limit: page.limit ?? 500,
        ...(page.after ? { afterRevision: BigInt(page.after) } : {}),
      }),
    );
    setNextCursor(res, out.nextCursor);
    return out.items;
  }
}
