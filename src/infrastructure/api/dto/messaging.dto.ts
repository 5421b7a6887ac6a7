import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsObject,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  ArrayMaxSize,
} from 'class-validator';
import { ID_MESSAGE } from './student.dto';
import { ID_PATTERN } from '../../../domain/shared/identifier';

export class SendSmsDto {
  @ApiProperty({ example: 'Hi Sarah, this is Mrs. Bell, your ELA teacher. Are you able to get started in class?' })
  @IsString()
  @MaxLength(5000)
  body!: string;
  @ApiPropertyOptional({ description: 'Required when the student has several active enrollments with you' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: `enrollmentId ${ID_MESSAGE}` })
  enrollmentId?: string;
  @ApiProperty({
    description: 'Client-generated; the same key twice sends one text',
    minLength: 8,
    maxLength: 100,
    example: '7d4c1a0e-portal-click-1',
  })
  @IsString()
  @Length(8, 100)
  idempotencyKey!: string;
  @ApiPropertyOptional({ description: 'Never allowed: texts to students carry no pictures (refused as `media`)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  mediaUrls?: string[];
  @ApiPropertyOptional({
    description:
      'Send later: ISO 8601 with its UTC offset. Quiet hours still apply (the text then goes at the next allowed time).',
    example: '2026-09-02T08:30:00-06:00',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  sendAt?: string;
}

export class PreviewSmsDto {
  @ApiProperty() @IsString() @MaxLength(5000) body!: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  mediaUrls?: string[];
}

export class OptOutDto {
  @ApiProperty({ enum: ['student', 'parent', 'guardian'] }) @IsIn(['student', 'parent', 'guardian']) requestedBy!:
    'student' | 'parent' | 'guardian';
}

export class AddNoteDto {
  @ApiProperty() @IsString() @MaxLength(5000) body!: string;
}

export class LogCallDto {
  @ApiProperty({ enum: ['outbound', 'inbound'] }) @IsIn(['outbound', 'inbound']) direction!: 'outbound' | 'inbound';
  @ApiProperty({ enum: ['student', 'parent', 'guardian', 'other'] })
  @IsIn(['student', 'parent', 'guardian', 'other'])
  party!: 'student' | 'parent' | 'guardian' | 'other';
  @ApiProperty({ enum: ['connected', 'voicemail', 'no_answer', 'busy', 'wrong_number'] })
  @IsIn(['connected', 'voicemail', 'no_answer', 'busy', 'wrong_number'])
  outcome!: 'connected' | 'voicemail' | 'no_answer' | 'busy' | 'wrong_number';
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(86400) durationSeconds?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) notes?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: `enrollmentId ${ID_MESSAGE}` })
  enrollmentId?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'When the call happened, if earlier: ISO 8601 with its UTC offset, at most 30 days back (both times are kept)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  occurredAt?: string;
}

export class PortalReplyDto {
  @ApiProperty() @IsString() @MaxLength(5000) body!: string;
}

export class QuietHoursDto {
  @ApiProperty({ example: '08:00', description: "When texts may start going out (HH:MM, student's time zone)" })
  @IsString()
  @MaxLength(5)
  start!: string;
  @ApiProperty({ example: '21:00', description: 'When texts stop going out; must be after start' })
  @IsString()
  @MaxLength(5)
  end!: string;
}

/** The automatic answers' wording ({school} and {phone} are filled in); unset ones use the defaults. */
export class KeywordRepliesDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Lakeside Virtual Academy' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  schoolName!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '(555) 010-0200' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  helpPhone!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'STOP confirmation' })
  @IsOptional()
  @IsString()
  @Length(1, 320)
  stop?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'START confirmation' })
  @IsOptional()
  @IsString()
  @Length(1, 320)
  start?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'HELP/INFO answer: name the school, a phone number, "Msg & data rates may apply" and how to stop',
  })
  @IsOptional()
  @IsString()
  @Length(1, 320)
  help?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Answer (at most once a day) to a student no teacher has texted yet',
  })
  @IsOptional()
  @IsString()
  @Length(1, 320)
  noThread?: string | null;
}

export class DistrictSmsPolicyDto {
  @ApiProperty() @IsBoolean() smsAllowed!: boolean;
  @ApiProperty({ example: 'America/Chicago' }) @IsString() @MaxLength(64) timeZone!: string;
  @ApiProperty({
    type: QuietHoursDto,
    description: 'The window texts may go out in; outside it (the quiet hours) a text waits for the next start',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours!: QuietHoursDto;
  @ApiProperty({ example: ['school.org'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  allowedLinkHosts!: string[];
  @ApiPropertyOptional({ type: KeywordRepliesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => KeywordRepliesDto)
  keywordReplies?: KeywordRepliesDto;
}

export class SimulatedReplyDto {
  @ApiProperty({ example: '+12015550123' }) @IsString() @MaxLength(40) from!: string;
  @ApiProperty() @IsString() @MaxLength(1600) body!: string;
  @ApiPropertyOptional({
    description: 'Which of our sender numbers the student texted (default: the one our latest text to them came from)',
    example: '+12015550190',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;
}

export class MoveReplyDto {
  @ApiProperty({ description: 'The staff member whose thread the reply was meant for', example: 't-bell' })
  @Matches(ID_PATTERN, { message: `toStaffId ${ID_MESSAGE}` })
  toStaffId!: string;
  @ApiPropertyOptional({
    description: 'Why, for the record (at most 500 characters)',
    example: "Answers Mrs. Bell's question about the study session",
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class SimulatedInvalidNumberDto {
  @ApiProperty({ example: '+12015550100' }) @IsString() @MaxLength(40) number!: string;
}

export class EnrollmentFilterDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: `teacherId ${ID_MESSAGE}` }) teacherId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: `courseId ${ID_MESSAGE}` }) courseId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: `studentId ${ID_MESSAGE}` }) studentId?: string;
  @ApiPropertyOptional({ enum: ['yes', 'no'] }) @IsOptional() @IsIn(['yes', 'no']) smsEnabled?: 'yes' | 'no';
  @ApiPropertyOptional({ description: 'X-Next-Cursor of the previous page, unchanged' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
  @ApiPropertyOptional({ default: 1000, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class ThreadPageDto {
  @ApiPropertyOptional({ description: 'Messages after this log position (the X-Next-Cursor of the previous page)' })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'after must be a position number' })
  after?: string;
  @ApiPropertyOptional({
    description: 'At most this many messages (default: the whole thread)',
    minimum: 1,
    maximum: 1000,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
  @ApiPropertyOptional({ description: 'Why the record is read, kept in the access record (or send X-Access-Purpose)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  purpose?: string;
}

export class UnroutedPageDto {
  @ApiPropertyOptional({ description: 'X-Next-Cursor of the previous page, unchanged' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
  @ApiPropertyOptional({ default: 200, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class LogPageDto {
  @ApiPropertyOptional({ description: 'Entries after this stream revision' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'after must be a revision number' })
  after?: string;
  @ApiPropertyOptional({ default: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ description: 'Why the log is read, kept in the access record (or send X-Access-Purpose)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  purpose?: string;
}
