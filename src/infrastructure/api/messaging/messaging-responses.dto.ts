import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DELIVERY_STATUS_STEPS } from '../../../domain/student/delivery-status';
import { REVISION } from '../dto/write-responses.dto';

const STATUSES = DELIVERY_STATUS_STEPS.flat();

export class SendSmsResponseDto {
  @ApiProperty() messageId!: string;
  @ApiProperty({
    enum: STATUSES,
    description: "queued, scheduled, or (for a repeat) the text's current status",
    example: 'queued',
  })
  status!: string;
  @ApiProperty({ type: String, nullable: true }) enrollmentId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When a scheduled text is due' })
  scheduledFor!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why and until when it waits (quiet hours, sendAt)' })
  notice!: string | null;
  @ApiProperty({ description: 'true when this idempotencyKey was already used: nothing new was queued' })
  duplicate!: boolean;
}

export class CancelSmsResponseDto {
  @ApiProperty() messageId!: string;
  @ApiProperty({
    enum: STATUSES,
    description: 'cancelled, or the status of a text that already went out',
    example: 'cancelled',
  })
  status!: string;
  @ApiProperty({ description: 'false when it was already cancelled' }) changed!: boolean;
  @ApiProperty(REVISION) revision!: string | null;
}

export class OptOutResponseDto {
  @ApiProperty({ enum: [true] }) optedOut!: true;
  @ApiProperty() changed!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Parent requested no texting, removed SMS number, 8/13/19 - A.Bell',
  })
  note!: string | null;
  @ApiProperty(REVISION) revision!: string | null;
}

export class AddNoteResponseDto {
  @ApiProperty() noteId!: string;
  @ApiProperty(REVISION) revision!: string | null;
}

export class LogCallResponseDto {
  @ApiProperty() callId!: string;
  @ApiProperty(REVISION) revision!: string | null;
}

class PolicySetByDto {
  @ApiProperty() id!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ type: String, nullable: true }) initials!: string | null;
}

class PolicyQuietHoursDto {
  @ApiProperty({ example: '08:00' }) start!: string;
  @ApiProperty({ example: '21:00' }) end!: string;
}

class PolicyKeywordRepliesDto {
  @ApiProperty({ type: String, nullable: true }) schoolName!: string | null;
  @ApiProperty({ type: String, nullable: true }) helpPhone!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) stop?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) start?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) help?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) noThread?: string | null;
}

export class DistrictSmsPolicyResponseDto {
  @ApiProperty() districtId!: string;
  @ApiProperty() smsAllowed!: boolean;
  @ApiProperty({ example: 'America/Chicago' }) timeZone!: string;
  @ApiProperty({ type: PolicyQuietHoursDto, description: "The window texts may go out in, in the student's time zone" })
  quietHours!: PolicyQuietHoursDto;
  @ApiProperty({ type: String, isArray: true }) allowedLinkHosts!: string[];
  @ApiPropertyOptional({
    type: PolicyKeywordRepliesDto,
    description: 'Absent: the default answers (README, automatic answers)',
  })
  keywordReplies?: PolicyKeywordRepliesDto;
  @ApiProperty({ description: "The district stream's revision (decimal string)", example: '2' }) revision!: string;
  @ApiProperty({ format: 'date-time' }) setAt!: string;
  @ApiProperty({ type: PolicySetByDto }) setBy!: PolicySetByDto;
}
