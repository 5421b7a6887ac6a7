import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ID_PATTERN } from '../../../domain/shared/identifier';
import { ID_MESSAGE } from '../dto/openapi-shapes';

export const COMMUNICATION_KINDS = ['call', 'voicemail', 'email', 'meeting'] as const;
export type CommunicationKind = (typeof COMMUNICATION_KINDS)[number];
const OUTCOMES = [
  'connected',
  'voicemail',
  'no_answer',
  'busy',
  'wrong_number',
  'sent',
  'received',
  'held',
  'no_show',
] as const;

/** The seed's "Add Communications" screen: a call, a voicemail left, an email, a meeting; logged now or back-dated. */
export class LogCommunicationDto {
  @ApiProperty({
    enum: COMMUNICATION_KINDS,
    description: 'voicemail: a call that reached voicemail (outbound, outcome voicemail)',
  })
  @IsIn(COMMUNICATION_KINDS)
  kind!: CommunicationKind;
  @ApiPropertyOptional({ enum: ['outbound', 'inbound'], default: 'outbound' })
  @IsOptional()
  @IsIn(['outbound', 'inbound'])
  direction?: 'outbound' | 'inbound';
  @ApiProperty({ enum: ['student', 'parent', 'guardian', 'other'] })
  @IsIn(['student', 'parent', 'guardian', 'other'])
  party!: 'student' | 'parent' | 'guardian' | 'other';
  @ApiPropertyOptional({
    enum: OUTCOMES,
    description:
      'call: connected, voicemail, no_answer, busy, wrong_number (required); email: sent or received (default from direction); meeting: held (default) or no_show; voicemail: always voicemail',
  })
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: (typeof OUTCOMES)[number];
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'When it happened, if earlier than now: ISO 8601 with its UTC offset, at most 30 days back. Both times are kept.',
    example: '2026-09-01T14:30:00-05:00',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  occurredAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(86400) durationSeconds?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) notes?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: `enrollmentId ${ID_MESSAGE}` })
  enrollmentId?: string;
}

export class LogCommunicationResponseDto {
  @ApiProperty({ description: "The entry's id (a call id: it can be marked entered in error as a call)" })
  communicationId!: string;
  @ApiProperty({ enum: COMMUNICATION_KINDS }) kind!: CommunicationKind;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: "When it happened, if back-dated; null: when it was logged (the entry's time in the log)",
  })
  occurredAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Stream revision after the write (decimal string), usable as If-Match',
    example: '7',
  })
  revision!: string | null;
}
