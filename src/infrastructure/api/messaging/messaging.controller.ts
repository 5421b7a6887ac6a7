import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ApiReply } from '../../http/http-request';
import { CancelSmsCommand } from '../../../application/messaging/cancel-sms/cancel-sms.command';
import { PreviewSmsQuery } from '../../../application/messaging/preview-sms/preview-sms.query';
import { ApiContentPreviewResponse } from './content-preview.dto';
import { GetThreadQuery, ListThreadsQuery, type ThreadView } from '../../../application/messaging/threads.queries';
import { SendSmsCommand } from '../../../application/messaging/send-sms/send-sms.command';
import type { CommandEnvelope } from '../../../application/shared/command-envelope';
import type { Actor } from '../../../domain/shared/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { Roles } from '../../auth/roles.decorator';
import { Envelope, etag } from '../command-envelope.decorator';
import { PreviewSmsDto, SendSmsDto, ThreadPageDto } from './messaging.dto';
import { nextCursorHeader, setNextCursor } from '../../http/next-page';
import { CancelSmsResponseDto, SendSmsResponseDto } from './messaging-responses.dto';
import { ApiThreadResponse, ApiThreadsResponse, PortalThreadDto, PortalThreadSummaryDto } from './thread-responses.dto';
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
    @Res({ passthrough: true }) res: ApiReply,
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
    void res.status(out.recorded ? 202 : 200);
    if (out.revision !== null) void res.header('ETag', etag(out.revision)!);
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
    @Res({ passthrough: true }) res: ApiReply,
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
}
