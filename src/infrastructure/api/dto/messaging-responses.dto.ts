import { ApiProperty } from '@nestjs/swagger';
import { REVISION } from './write-responses.dto';

export class SendSmsResponseDto {
  @ApiProperty() messageId!: string;
  @ApiProperty({ description: 'queued, scheduled, or (for a repeat) the text\'s current status', example: 'queued' }) status!: string;
  @ApiProperty({ type: String, nullable: true }) enrollmentId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When a scheduled text is due' }) scheduledFor!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why and until when it waits (quiet hours, sendAt)' }) notice!: string | null;
  @ApiProperty({ description: 'true when this idempotencyKey was already used: nothing new was queued' }) duplicate!: boolean;
}

export class CancelSmsResponseDto {
  @ApiProperty() messageId!: string;
  @ApiProperty({ example: 'cancelled' }) status!: string;
  @ApiProperty({ description: 'false when it was already cancelled' }) changed!: boolean;
  @ApiProperty(REVISION) revision!: string | null;
}

export class OptOutResponseDto {
  @ApiProperty({ enum: [true] }) optedOut!: true;
  @ApiProperty() changed!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'Parent requested no texting, removed SMS number, 8/13/19 - A.Bell' }) note!: string | null;
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
