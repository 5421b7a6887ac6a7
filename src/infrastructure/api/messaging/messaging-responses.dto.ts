import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_STATUS_STEPS } from '../../../domain/student/delivery-status';
import { REVISION } from '../dto/openapi-shapes';

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
