import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ApiReply } from '../../http/http-request';
import { AmendNoteCommand } from '../../../application/records/amend-note/amend-note.command';
import { MarkEnteredInErrorCommand } from '../../../application/records/mark-entered-in-error/mark-entered-in-error.command';
import { ReportPacingCommand } from '../../../application/records/report-pacing/report-pacing.command';
import type { CommandEnvelope } from '../../../application/shared/command-envelope';
import { Roles } from '../../auth/roles.decorator';
import { Envelope } from '../command-envelope.decorator';
import { AmendNoteDto, EnteredInErrorDto, PacingDto } from '../compliance/compliance.dto';
import { AmendNoteResponseDto, EnteredInErrorResponseDto, PacingResponseDto } from './records-responses.dto';
import { ParseIdPipe } from '../parse-id.pipe';
import { ENROLLMENT_ROLES, STAFF_ROLES } from '../../../domain/shared/role-groups';

/** Corrections, never edits (the original entry stays), and the SIS's pacing signal. Compliance changes nothing here. */
@ApiTags('records')
@ApiBearerAuth()
@Controller('v1/students/:id')
export class RecordsCorrectionsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('notes/:noteId/amendments')
  @Roles(...STAFF_ROLES)
  @ApiOperation({ summary: 'Amend a note (its author or the school); the note as first written stays in the log' })
  @ApiResponse({ status: 201, type: AmendNoteResponseDto, description: 'Amended' })
  @ApiResponse({
    status: 200,
    type: AmendNoteResponseDto,
    description: 'This amendment was already recorded: nothing written',
  })
  async amend(
    @Param('id', ParseIdPipe) id: string,
    @Param('noteId', ParseIdPipe) noteId: string,
    @Body() dto: AmendNoteDto,
    @Envelope() env: CommandEnvelope,
    @Res({ passthrough: true }) res: ApiReply,
  ) {
    const out = await this.commands.execute(
      new AmendNoteCommand(id, { noteId, body: dto.body, reason: dto.reason }, env),
    );
    void res.status(out.recorded ? 201 : 200);
    return { noteId, amended: out.recorded > 0, revision: out.revision };
  }

  @Post('notes/:entryId/entered-in-error')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @ApiOperation({ summary: 'Mark a note entered in error (its author or the school); it stays in the log, marked' })
  @ApiOkResponse({ type: EnteredInErrorResponseDto })
  noteInError(
    @Param('id', ParseIdPipe) id: string,
    @Param('entryId', ParseIdPipe) entryId: string,
    @Body() dto: EnteredInErrorDto,
    @Envelope() env: CommandEnvelope,
  ) {
    return this.markInError(id, 'note', entryId, dto.reason, env);
  }

  @Post('calls/:entryId/entered-in-error')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @ApiOperation({
    summary: 'Mark a logged call entered in error (its author or the school); it stays in the log, marked',
  })
  @ApiOkResponse({ type: EnteredInErrorResponseDto })
  callInError(
    @Param('id', ParseIdPipe) id: string,
    @Param('entryId', ParseIdPipe) entryId: string,
    @Body() dto: EnteredInErrorDto,
    @Envelope() env: CommandEnvelope,
  ) {
    return this.markInError(id, 'call', entryId, dto.reason, env);
  }

  @Post('enrollments/:enrollmentId/pacing')
  @HttpCode(200)
  @Roles(...ENROLLMENT_ROLES)
  @ApiOperation({
    summary: 'Report an enrollment on track or behind (SIS sync); feeds the "falling behind, not contacted" view',
  })
  @ApiOkResponse({ type: PacingResponseDto })
  async pacing(
    @Param('id', ParseIdPipe) id: string,
    @Param('enrollmentId', ParseIdPipe) enrollmentId: string,
    @Body() dto: PacingDto,
    @Envelope() env: CommandEnvelope,
  ) {
    const out = await this.commands.execute(
      new ReportPacingCommand(id, { enrollmentId, status: dto.status, asOf: dto.asOf }, env),
    );
    return { enrollmentId, changed: out.recorded > 0, revision: out.revision };
  }

  private async markInError(
    id: string,
    entryKind: 'note' | 'call',
    entryId: string,
    reason: string,
    env: CommandEnvelope,
  ) {
    const out = await this.commands.execute(new MarkEnteredInErrorCommand(id, { entryKind, entryId, reason }, env));
    return { entryKind, entryId, changed: out.recorded > 0, revision: out.revision };
  }
}
