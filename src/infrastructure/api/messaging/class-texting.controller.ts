import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ApiReply } from '../../http/http-request';
import { ClassTextingService } from '../../../application/messaging/class-texting/class-texting.service';
import type { CommandEnvelope } from '../../../application/shared/command-envelope';
import type { Actor } from '../../../domain/shared/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { Envelope } from '../command-envelope.decorator';
import { ParseIdPipe } from '../parse-id.pipe';
import { ClassTextDto, ClassTextResponseDto } from './class-texting.dto';

const LOCATION = {
  Location: { description: 'Where to follow the job: GET /v1/class-texts/{jobId}', schema: { type: 'string' } },
};

@ApiTags('messaging')
@ApiBearerAuth()
@Controller('v1')
export class ClassTextingController {
  constructor(private readonly classTexts: ClassTextingService) {}

  @Post('sections/:sectionId/texts')
  @ApiOperation({
    summary:
      'Text a class: each SMS-enabled student of one of your course sections (or the ones chosen) gets their own text, every one-student rule applied. Up to 200 students are answered here; more run as a job.',
  })
  @ApiResponse({
    status: 201,
    type: ClassTextResponseDto,
    description: 'Every student answered: queued, scheduled or not sent (with why)',
    headers: LOCATION,
  })
  @ApiResponse({
    status: 200,
    type: ClassTextResponseDto,
    description: 'The same idempotencyKey again: the class text it started, nobody texted twice',
    headers: LOCATION,
  })
  @ApiResponse({
    status: 202,
    type: ClassTextResponseDto,
    description: 'More than 200 students: running as a job (resumed after a restart); follow Location',
    headers: LOCATION,
  })
  async text(
    @Param('sectionId', ParseIdPipe) sectionId: string,
    @Body() dto: ClassTextDto,
    @Envelope({ ifMatch: false }) env: CommandEnvelope,
    @Res({ passthrough: true }) res: ApiReply,
  ): Promise<ClassTextResponseDto> {
    const { view, created } = await this.classTexts.start(env, {
      sectionId,
      body: dto.body ?? null,
      templateId: dto.templateId ?? null,
      studentIds: dto.studentIds ?? null,
      batchKey: dto.idempotencyKey,
      sendAt: dto.sendAt ?? null,
    });
    void res.status(view.status === 'running' ? 202 : created ? 201 : 200);
    void res.header('Location', `/v1/class-texts/${view.jobId}`);
    return view;
  }

  @Get('class-texts/:jobId')
  @ApiOperation({
    summary: "A class text's progress and each student's answer so far (the teacher who sent it, or a school admin)",
  })
  @ApiOkResponse({ type: ClassTextResponseDto })
  view(@Param('jobId', ParseIdPipe) jobId: string, @CurrentActor() actor: Actor): Promise<ClassTextResponseDto> {
    return this.classTexts.view(actor, jobId);
  }
}
