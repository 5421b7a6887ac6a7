import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ArrayMaxSize,
} from 'class-validator';
import { ID_MESSAGE } from '../dto/openapi-shapes';
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
