import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ApiReply } from '../../http/http-request';
import { EndEnrollmentCommand } from '../../../application/contacts/end-enrollment/end-enrollment.command';
import { GetStudentQuery, ListCurrentEnrollmentsQuery } from '../../../application/contacts/roster.queries';
import { RegisterStudentCommand } from '../../../application/contacts/register-student/register-student.command';
import type { CommandEnvelope } from '../../../application/shared/command-envelope';
import { StartEnrollmentCommand } from '../../../application/contacts/start-enrollment/start-enrollment.command';
import { OptOutCommand } from '../../../application/contacts/opt-out/opt-out.command';
import { UpdateContactCommand } from '../../../application/contacts/update-contact/update-contact.command';
import { CorrectStudentRecordCommand } from '../../../application/contacts/correct-student-record/correct-student-record.command';
import type { Actor } from '../../../domain/shared/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { Envelope, etag } from '../command-envelope.decorator';
import {
  CorrectRecordDto,
  EndEnrollmentDto,
  RegisterStudentDto,
  StartEnrollmentDto,
  toStudentProfile,
  UpdateContactDto,
  EnrollmentFilterDto,
  OptOutDto,
} from './student.dto';
import {
  OptOutResponseDto,
  CorrectRecordResponseDto,
  EndEnrollmentResponseDto,
  RegisterStudentResponseDto,
  StartEnrollmentResponseDto,
  StudentChangeResponseDto,
} from './student-responses.dto';
import { CurrentEnrollmentDto, StudentProfileDto } from './roster-responses.dto';
import { ETAG_HEADER } from '../dto/openapi-shapes';
import { ParseIdPipe } from '../parse-id.pipe';
import { RecordsAccess } from '../records-access/records-access.decorator';
import { ApiPagedArrayResponse, setNextCursor } from '../../http/next-page';

@ApiTags('students')
@ApiBearerAuth()
@Controller('v1')
export class StudentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('students')
  @ApiOperation({ summary: 'Register a student (SIS sync, registrar or school admin)' })
  @ApiResponse({ status: 201, type: RegisterStudentResponseDto, description: 'Registered', headers: ETAG_HEADER })
  @ApiResponse({
    status: 200,
    type: RegisterStudentResponseDto,
    description: 'Already registered with these details: nothing written',
    headers: ETAG_HEADER,
  })
  async register(
    @Body() dto: RegisterStudentDto,
    @Envelope() env: CommandEnvelope,
    @Res({ passthrough: true }) res: ApiReply,
  ) {
    const out = await this.commands.execute(
      new RegisterStudentCommand(toStudentProfile(dto, env.actor.districtId), env),
    );
    void res.status(out.recorded ? 201 : 200).header('ETag', etag(out.revision) ?? '');
    return { studentId: dto.studentId, revision: out.revision };
  }

  @Get('students/:id')
  @RecordsAccess('profile')
  @ApiOperation({
    summary: "A student's contact details and SMS Enabled; ETag: the stream revision, usable as If-Match on writes",
  })
  @ApiOkResponse({
    type: StudentProfileDto,
    headers: ETAG_HEADER,
    description: 'ETag is absent while the read model is behind the record',
  })
  async get(
    @Param('id', ParseIdPipe) id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: ApiReply,
  ) {
    const { view, revision } = await this.queries.execute(new GetStudentQuery(actor, id));
    if (revision !== null) void res.header('ETag', etag(revision)!);
    return view;
  }

  @Patch('students/:id/contact')
  @ApiOperation({ summary: 'Change contact details (registrar or school admin only; never a teacher)' })
  @ApiOkResponse({ type: StudentChangeResponseDto, headers: ETAG_HEADER })
  async updateContact(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateContactDto,
    @Envelope() env: CommandEnvelope,
    @Res({ passthrough: true }) res: ApiReply,
  ) {
    const { reason, listedContacts, ...rest } = dto;
    const changes = {
      ...rest,
      ...(listedContacts
        ? {
            listedContacts: listedContacts.map((c) => ({
              name: c.name,
              relationship: c.relationship,
              phone: c.phone ?? null,
            })),
          }
        : {}),
    };
    const out = await this.commands.execute(new UpdateContactCommand(id, changes, reason ?? null, env));
    if (out.revision !== null) void res.header('ETag', etag(out.revision)!);
    return { studentId: id, changed: out.recorded > 0, revision: out.revision };
  }

  @Patch('students/:id/record')
  @ApiOperation({
    summary:
      "Correct the student's record: names, date of birth, username, time zone (registrar or school admin only; If-Match supported)",
  })
  @ApiOkResponse({ type: CorrectRecordResponseDto, headers: ETAG_HEADER })
  async correctRecord(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CorrectRecordDto,
    @Envelope() env: CommandEnvelope,
    @Res({ passthrough: true }) res: ApiReply,
  ) {
    const { reason, ...changes } = dto;
    const out = await this.commands.execute(new CorrectStudentRecordCommand(id, changes, reason, env));
    if (out.revision !== null) void res.header('ETag', etag(out.revision)!);
    return { studentId: id, changed: out.recorded > 0, fields: out.result.fields, revision: out.revision };
  }

  @Post('students/:id/enrollments')
  @ApiOperation({ summary: 'Start an enrollment (SIS sync, registrar or school admin)' })
  @ApiResponse({ status: 201, type: StartEnrollmentResponseDto, description: 'Started' })
  @ApiResponse({
    status: 200,
    type: StartEnrollmentResponseDto,
    description: 'Already started with these details: nothing written',
  })
  async startEnrollment(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: StartEnrollmentDto,
    @Envelope() env: CommandEnvelope,
    @Res({ passthrough: true }) res: ApiReply,
  ) {
    const out = await this.commands.execute(new StartEnrollmentCommand(id, { ...dto }, env));
    void res.status(out.recorded ? 201 : 200);
    return { enrollmentId: dto.enrollmentId, revision: out.revision };
  }

  @Post('students/:id/enrollments/:enrollmentId/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End an enrollment' })
  @ApiOkResponse({ type: EndEnrollmentResponseDto })
  async endEnrollment(
    @Param('id', ParseIdPipe) id: string,
    @Param('enrollmentId', ParseIdPipe) enrollmentId: string,
    @Body() dto: EndEnrollmentDto,
    @Envelope() env: CommandEnvelope,
  ) {
    const out = await this.commands.execute(
      new EndEnrollmentCommand(id, { enrollmentId, endedOn: dto.endedOn, reason: dto.reason ?? null }, env),
    );
    return { enrollmentId, ended: out.recorded > 0, revision: out.revision };
  }

  @Get('enrollments/current')
  @ApiOperation({ summary: 'Current enrollments with SMS Enabled (and why not); teachers see their own' })
  @ApiPagedArrayResponse(
    'cursor',
    'Up to `limit` enrollments (default and at most 1,000), by course, first name, enrollment',
    CurrentEnrollmentDto,
  )
  async enrollments(
    @Query() filter: EnrollmentFilterDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: ApiReply,
  ) {
    const page = await this.queries.execute(
      new ListCurrentEnrollmentsQuery(
        actor,
        {
          ...(filter.teacherId ? { teacherId: filter.teacherId } : {}),
          ...(filter.courseId ? { courseId: filter.courseId } : {}),
          ...(filter.studentId ? { studentId: filter.studentId } : {}),
          ...(filter.smsEnabled ? { smsEnabled: filter.smsEnabled === 'yes' } : {}),
          ...(filter.q ? { q: filter.q } : {}),
        },
        { limit: filter.limit ?? 1000, ...(filter.cursor ? { cursor: filter.cursor } : {}) },
      ),
    );
    setNextCursor(res, page.nextCursor);
    return page.items;
  }

  @Post('students/:id/opt-out')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a no-texting request: the SMS number is removed and a dated note kept' })
  @ApiOkResponse({ type: OptOutResponseDto })
  async optOut(@Param('id', ParseIdPipe) id: string, @Body() dto: OptOutDto, @Envelope() env: CommandEnvelope) {
    const out = await this.commands.execute(new OptOutCommand(id, dto.requestedBy, env));
    return { optedOut: true, changed: out.recorded > 0, note: out.result.note, revision: out.revision };
  }
}
