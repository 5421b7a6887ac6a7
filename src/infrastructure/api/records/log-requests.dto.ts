import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ID_MESSAGE } from '../dto/openapi-shapes';
import { ID_PATTERN } from '../../../domain/shared/identifier';

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
