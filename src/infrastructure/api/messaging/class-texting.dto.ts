import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { ID_PATTERN } from '../../../domain/shared/identifier';
import { ID_MESSAGE } from '../dto/openapi-shapes';

export class ClassTextDto {
  @ApiPropertyOptional({
    description:
      'The text; {firstName}, {className} and {teacherName} are filled in per student. Send body or templateId.',
    example:
      "Hi {firstName}, don't forget about {className} class, how can I help you get back to work today? - {teacherName}",
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  body?: string;
  @ApiPropertyOptional({ description: 'A template of your library instead of body', example: 'default-welcome' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: `templateId ${ID_MESSAGE}` })
  templateId?: string;
  @ApiPropertyOptional({
    type: [String],
    description:
      'Only these students of the section (default: all of its students); one not in the section is answered "not sent"',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @Matches(ID_PATTERN, { each: true, message: `studentIds ${ID_MESSAGE}` })
  studentIds?: string[];
  @ApiProperty({
    description: 'Client-generated; the same key again answers the same class text and texts nobody twice',
    minLength: 8,
    maxLength: 100,
    example: 'bio-p3-week1-welcome',
  })
  @IsString()
  @Length(8, 100)
  idempotencyKey!: string;
  @ApiPropertyOptional({
    description: 'Send later: ISO 8601 with its UTC offset (quiet hours still apply)',
    example: '2026-09-02T08:30:00-06:00',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  sendAt?: string;
}

export class ClassTextCountsDto {
  @ApiProperty() queued!: number;
  @ApiProperty() scheduled!: number;
  @ApiProperty() notSent!: number;
}

export class ClassTextStudentDto {
  @ApiProperty() studentId!: string;
  @ApiProperty({ enum: ['queued', 'scheduled', 'not_sent'] }) outcome!: string;
  @ApiProperty({ type: String, nullable: true }) messageId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When a scheduled text goes out' })
  scheduledFor!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why not sent: SMS_NOT_ENABLED, CONTENT_POLICY_VIOLATION, NOT_IN_SECTION, ...',
    example: 'SMS_NOT_ENABLED',
  })
  code!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['district_disabled', 'no_sms_number', 'opted_out', 'number_flagged_invalid', null],
    description: "SMS Enabled's reason, when that was why",
  })
  reason!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The sentence for the teacher' }) explanation!:
    string | null;
  @ApiProperty({ type: [String], description: "The guard's categories when this student's filled text was refused" })
  violations!: string[];
}

export class ClassTextResponseDto {
  @ApiProperty({ example: 'ct-3f2a...' }) jobId!: string;
  @ApiProperty() sectionId!: string;
  @ApiProperty({ example: 'Biology' }) className!: string;
  @ApiProperty({ type: String, nullable: true }) templateId!: string | null;
  @ApiProperty({ enum: ['running', 'finished'] }) status!: string;
  @ApiProperty({ description: 'Students in the class text' }) total!: number;
  @ApiProperty({ description: 'Students answered so far' }) done!: number;
  @ApiProperty({ type: ClassTextCountsDto }) counts!: ClassTextCountsDto;
  @ApiProperty({ type: [ClassTextStudentDto], description: "Every student answered so far, in the class list's order" })
  students!: ClassTextStudentDto[];
}
