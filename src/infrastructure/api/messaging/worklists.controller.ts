import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../domain/shared/actor';
import { DomainError } from '../../../domain/shared/domain-error';
import {
  WORKLIST_NAMES,
  WorklistsReader,
  type WorklistName,
  type WorklistPage,
  type Worklists,
} from '../../../projections/messaging/worklists.reader';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ParseIdPipe } from '../parse-id.pipe';
import { WorklistPageQueryDto, WorklistsQueryDto } from './worklists.dto';

const NULLABLE = { type: String, nullable: true } as const;

export class WorklistEntryDto {
  @ApiProperty() studentId!: string;
  @ApiProperty({ description: 'Preferred name, else first name' }) studentFirstName!: string;
  @ApiProperty(NULLABLE) enrollmentId!: string | null;
  @ApiProperty(NULLABLE) courseId!: string | null;
  @ApiProperty(NULLABLE) courseName!: string | null;
  @ApiProperty({ ...NULLABLE, format: 'date' }) startedOn!: string | null;
  @ApiProperty({ description: 'SMS Enabled, now' }) smsEnabled!: boolean;
  @ApiProperty({
    ...NULLABLE,
    enum: ['district_disabled', 'no_sms_number', 'opted_out', 'number_flagged_invalid', null],
  })
  smsDisabledReason!: string | null;
  @ApiProperty({
    ...NULLABLE,
    format: 'date-time',
    description: 'Your latest text or call to the student that counts (not failed, cancelled or entered in error)',
  })
  lastOutreachAt!: string | null;
  @ApiProperty({
    ...NULLABLE,
    format: 'date-time',
    description: 'Falling behind: since when the pacing report says behind',
  })
  behindSince!: string | null;
  @ApiProperty({ ...NULLABLE, description: 'Failed texts: the text' }) messageId!: string | null;
  @ApiProperty({ ...NULLABLE, format: 'date-time' }) failedAt!: string | null;
  @ApiProperty(NULLABLE) failureReason!: string | null;
  @ApiProperty({
    ...NULLABLE,
    description:
      "The template that fits (your own for that purpose, else the district's); null for failed texts (call first)",
  })
  templateId!: string | null;
  @ApiProperty(NULLABLE) templateTitle!: string | null;
  @ApiProperty({ ...NULLABLE, description: 'With {firstName}, {className}, {teacherName} to fill in' }) templateBody!:
    string | null;
}

const CURSOR = {
  type: String,
  nullable: true,
  description: 'Pass as ?cursor= to GET …/worklists/{list} for the next page; null: the list ends here',
} as const;

class WorklistCursorsDto {
  @ApiProperty(CURSOR) notWelcomed!: string | null;
  @ApiProperty(CURSOR) fallingBehind!: string | null;
  @ApiProperty(CURSOR) failedTexts!: string | null;
}

class WorklistsContextDto {
  @ApiProperty() teacherId!: string;
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({
    description:
      "The time zone the lists' days are counted in: the district's SMS policy's (UTC while the district has none)",
    example: 'America/Chicago',
  })
  timeZone!: string;
}

export class WorklistPageDto extends WorklistsContextDto {
  @ApiProperty({ enum: WORKLIST_NAMES }) list!: string;
  @ApiProperty({ type: [WorklistEntryDto] }) items!: WorklistEntryDto[];
  @ApiProperty(CURSOR) nextCursor!: string | null;
}

export class WorklistsDto extends WorklistsContextDto {
  @ApiProperty({ type: [WorklistEntryDto], description: 'Enrollment started 7 days ago or less, no text for it yet' })
  notWelcomed!: WorklistEntryDto[];
  @ApiProperty({ type: [WorklistEntryDto], description: 'Pacing report behind, no text or call from you in 7 days' })
  fallingBehind!: WorklistEntryDto[];
  @ApiProperty({
    type: [WorklistEntryDto],
    description: 'Your texts that failed in the last 30 days (none of yours reached the student since)',
  })
  failedTexts!: WorklistEntryDto[];
  @ApiProperty({ type: WorklistCursorsDto, description: "Where each list goes on: a list's first page is above" })
  nextCursors!: WorklistCursorsDto;
}

@ApiTags('messaging')
@ApiBearerAuth()
@Controller('v1')
export class WorklistsController {
  constructor(private readonly worklists: WorklistsReader) {}

  @Get('teachers/:teacherId/worklists')
  @ApiOperation({
    summary:
      "A teacher's worklists from the seed's timing table: not yet welcomed, falling behind and not contacted in 7 days, texts that failed (the teacher, or a school admin)",
  })
  @ApiOkResponse({ type: WorklistsDto })
  list(
    @Param('teacherId', ParseIdPipe) teacherId: string,
    @Query() query: WorklistsQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<Worklists> {
    return this.worklists.forTeacher(actor, teacherId, query.limit);
  }

  @Get('teachers/:teacherId/worklists/:list')
  @ApiOperation({
    summary:
      "One of a teacher's worklists, in pages: the first without a cursor, the next with the nextCursor of the page before",
  })
  @ApiParam({ name: 'list', enum: WORKLIST_NAMES })
  @ApiOkResponse({ type: WorklistPageDto })
  page(
    @Param('teacherId', ParseIdPipe) teacherId: string,
    @Param('list', ParseIdPipe) list: string,
    @Query() query: WorklistPageQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<WorklistPage> {
    if (!(WORKLIST_NAMES as readonly string[]).includes(list))
      throw new DomainError(
        'WORKLIST_NOT_FOUND',
        `There is no worklist "${list}": the lists are ${WORKLIST_NAMES.join(', ')}.`,
        'not_found',
      );
    return this.worklists.page(actor, teacherId, list as WorklistName, query.limit, query.cursor);
  }
}
