import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AddNoteCommand } from '../../../application/records/add-note/add-note.command';
import { CancelSmsCommand } from '../../../application/messaging/cancel-sms/cancel-sms.command';
import { LogCallCommand } from '../../../application/records/log-call/log-call.command';
import { OptOutCommand } from '../../../application/contacts/opt-out/opt-out.command';
import { PreviewSmsQuery } from '../../../application/messaging/preview-sms/preview-sms.query';
import { ApiContentPreviewResponse } from './content-preview.dto';
import {
  GetCommunicationLogQuery,
  GetThreadQuery,
  ListThreadsQuery,
  ListUnroutedInboundQuery,
  type ThreadView,
} from '../../../application/shared/read-model.queries';
import { RecordInboundSmsCommand } from '../../../application/replies/record-inbound-sms/record-inbound-sms.command';
import { SendSmsCommand } from '../../../application/messaging/send-sms/send-sms.command';
import type { CommandEnvelope } from '../../../application/shared/command-envelope';
import type { Actor } from '../../../domain/shared/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { Roles } from '../../auth/roles.decorator';
import { Envelope, etag } from '../command-envelope.decorator';
import {
  AddNoteDto,
  LogCallDto,
  LogPageDto,
  OptOutDto,
  PortalReplyDto,
  PreviewSmsDto,
  SendSmsDto,
  ThreadPageDto,
  UnroutedPageDto,
} from '../dto/messaging.dto';
import { ApiPagedArrayResponse, nextCursorHeader, setNextCursor } from '../../http/next-page';
import {
  AddNoteResponseDto,
  CancelSmsResponseDto,
  LogCallResponseDto,
  OptOutResponseDto,
  SendSmsResponseDto,
} from './messaging-responses.dto';
import {
  ApiThreadResponse,
  ApiThreadsResponse,
  LogEntryDto,
  PortalThreadDto,
  PortalThreadSummaryDto,
  UnroutedInboundDto,
} from '../dto/read-responses.dto';
import { PortalReplyResponseDto } from '../dto/write-responses.dto';
import { ParseIdPipe } from '../parse-id.pipe';
import { RecordsAccess } from '../records-access/records-access.decorator';

@ApiTags('messaging')
@ApiBearerAuth()
@Controller('v1')
export class MessagingController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('students/:id/sms')
  @ApiOperation({
    summary:
      'Text a student (teacher of an active enrollment). Queued now, sent by the dispatcher; outside quiet hours or with sendAt it is scheduled ("notice" says when).',
  })
  @ApiResponse({
    status: 202,
    type: SendSmsResponseDto,
    description: "Queued (or scheduled); ETag is the record's new revision",
    headers: { ETag: { description: 'Stream revision, usable as If-Match', schema: { type: 'string' } } },
  })
  @ApiResponse({
    status: 200,
    type: SendSmsResponseDto,
    description: 'The same idempotencyKey again: the first answer, "duplicate": true, nothing queued twice',
  })
  async send(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: SendSmsDto,
    @Envelope() env: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    const out = await this.commands.execute(
      new SendSmsCommand(
        id,
        {
          enrollmentId: dto.enrollmentId ?? null,
          body: dto.body,
          idempotencyKey: dto.idempotencyKey,
          mediaUrls: dto.mediaUrls ?? [],
          sendAt: dto.sendAt ?? null,
        },
        env,
      ),
    );
    res.status(out.recorded ? 202 : 200);
    if (out.revision !== null) res.setHeader('ETag', etag(out.revision)!);
    return { ...out.result, duplicate: out.recorded === 0 };
  }

  @Post('students/:id/sms/:messageId/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a text before it goes out (its sender, or school staff); cancelling twice answers the same',
  })
  @ApiOkResponse({ type: CancelSmsResponseDto })
  async cancel(
    @Param('id', ParseIdPipe) id: string,
    @Param('messageId', ParseIdPipe) messageId: string,
    @Envelope() env: CommandEnvelope,
  ) {
    const out = await this.commands.execute(new CancelSmsCommand(id, messageId, env));
    return { messageId, status: out.result.status, changed: out.recorded > 0, revision: out.revision };
  }

  @Post('students/:id/sms/preview')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Check a draft against the content guard without sending it; a blocked draft gets suggestions and a safe rewrite',
  })
  @ApiContentPreviewResponse()
  preview(@Param('id', ParseIdPipe) id: string, @Body() dto: PreviewSmsDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new PreviewSmsQuery(actor, id, dto.body, dto.mediaUrls ?? []));
  }

  @Post('students/:id/opt-out')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a no-texting request: the SMS number is removed and a dated note kept' })
  @ApiOkResponse({ type: OptOutResponseDto })
  async optOut(@Param('id', ParseIdPipe) id: string, @Body() dto: OptOutDto, @Envelope() env: CommandEnvelope) {
    const out = await this.commands.execute(new OptOutCommand(id, dto.requestedBy, env));
    return { optedOut: true, changed: out.recorded > 0, note: out.result.note, revision: out.revision };
  }

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

  @Get('students/:id/threads')
  @RecordsAccess('threads')
  @ApiOperation({ summary: 'Threads of a student (teachers: their own; the student: the portal view)' })
  @ApiThreadsResponse()
  threads(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListThreadsQuery(actor, id));
  }

  @Get('students/:id/threads/:staffId')
  @RecordsAccess('thread', { detail: (req) => ({ staffId: req.params.staffId ?? null }) })
  @ApiOperation({
    summary:
      'One thread, messages in order with direction, status and failure reason (the student: the portal view); whole, or pages of `limit` messages after `after`',
  })
  @ApiThreadResponse(nextCursorHeader('after'))
  async thread(
    @Param('id', ParseIdPipe) id: string,
    @Param('staffId', ParseIdPipe) staffId: string,
    @Query() page: ThreadPageDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { nextCursor = null, ...thread } = (await this.queries.execute(
      new GetThreadQuery(actor, id, staffId, {
        ...(page.after ? { after: BigInt(page.after) } : {}),
        ...(page.limit ? { limit: page.limit } : {}),
      }),
    )) as ThreadView & { nextCursor?: string | null };
    setNextCursor(res, nextCursor);
    return thread;
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
    @Res({ passthrough: true }) res: Response,
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

  @Get('inbound/unrouted')
  @ApiOperation({
    summary: "Texts kept but in nobody's thread (no staff thread yet, or an unknown number), newest first",
  })
  @ApiPagedArrayResponse('cursor', 'Up to `limit` texts (default 200)', UnroutedInboundDto)
  async unrouted(
    @Query() page: UnroutedPageDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const out = await this.queries.execute(new ListUnroutedInboundQuery(actor, page.limit ?? 200, page.cursor));
    setNextCursor(res, out.nextCursor);
    return out.items;
  }

  @Get('me/threads')
  @Roles('student')
  @RecordsAccess('threads', { student: 'self' })
  @ApiOperation({ summary: 'Student portal: my threads' })
  @ApiOkResponse({ type: [PortalThreadSummaryDto] })
  myThreads(@CurrentActor() actor: Actor) {
    return this.queries.execute(new ListThreadsQuery(actor, actor.id));
  }

  @Get('me/threads/:staffId')
  @Roles('student')
  @RecordsAccess('thread', { student: 'self', detail: (req) => ({ staffId: req.params.staffId ?? null }) })
  @ApiOperation({ summary: 'Student portal: one of my threads' })
  @ApiOkResponse({ type: PortalThreadDto })
  myThread(@Param('staffId', ParseIdPipe) staffId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetThreadQuery(actor, actor.id, staffId));
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
