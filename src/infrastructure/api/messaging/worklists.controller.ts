import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../domain/shared/actor';
import { WorklistsReader, type Worklists } from '../../../projections/messaging/worklists.reader';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ParseIdPipe } from '../parse-id.pipe';

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

export class WorklistsDto {
  @ApiProperty() teacherId!: string;
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: [WorklistEntryDto], description: 'Enrollment started 7 days ago or less, no text for it yet' })
  notWelcomed!: WorklistEntryDto[];
  @ApiProperty({ type: [WorklistEntryDto], description: 'Pacing report behind, no text or call from you in 7 days' })
  fallingBehind!: WorklistEntryDto[];
  @ApiProperty({
    type: [WorklistEntryDto],
    description: 'Your texts that failed in the last 30 days (none of yours reached the student since)',
  })
  failedTexts!: WorklistEntryDto[];
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
  list(@Param('teacherId', ParseIdPipe) teacherId: string, @CurrentActor() actor: Actor): Promise<Worklists> {
    return this.worklists.forTeacher(actor, teacherId);
  }
}
