import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EXPORT_FORMATS, type ExportFormat } from '../../../application/compliance/record-export.queries';
import { MAX_PURPOSE_LENGTH } from '../../../domain/access/access-purpose';

const REVISION = /^\d{1,19}$/;

/** Every read of a student's record takes an optional stated purpose (required for exports). */
export class PurposeQueryDto {
  @ApiPropertyOptional({
    description: 'Why the record is read, kept in the access record (or send X-Access-Purpose)',
    example: 'Parent inspection request of 2026-03-02',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_PURPOSE_LENGTH)
  purpose?: string;
}

export class HistoryQueryDto extends PurposeQueryDto {
  @ApiPropertyOptional({
    description: 'Answer with the record as it stood at this moment (ISO-8601)',
    example: '2026-09-01T17:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
  @ApiPropertyOptional({ description: 'Events after this stream revision (paging)' })
  @IsOptional()
  @Matches(REVISION, { message: 'after must be a revision number' })
  after?: string;
  @ApiPropertyOptional({ default: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5000) limit?: number;
}

export class AccessQueryDto extends PurposeQueryDto {
  @ApiPropertyOptional({ description: 'Entries after this revision of the access stream (paging)' })
  @IsOptional()
  @Matches(REVISION, { message: 'after must be a revision number' })
  after?: string;
  @ApiPropertyOptional({ default: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5000) limit?: number;
}

export class ExportQueryDto extends PurposeQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'jsonl' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

export class AmendNoteDto {
  @ApiProperty({ description: 'The note as it should read' }) @IsString() @MaxLength(5000) body!: string;
  @ApiProperty({ example: 'Parent asked for a correction: it was dad, not mom' })
  @IsString()
  @MaxLength(500)
  reason!: string;
}

export class EnteredInErrorDto {
  @ApiProperty({ example: 'Logged on the wrong student' }) @IsString() @MaxLength(500) reason!: string;
}

export class PacingDto {
  @ApiProperty({ enum: ['on_track', 'behind'] }) @IsIn(['on_track', 'behind']) status!: 'on_track' | 'behind';
  @ApiProperty({ description: 'When the SIS measured it', example: '2026-09-14T12:00:00Z' })
  @IsISO8601({ strict: true })
  asOf!: string;
}
