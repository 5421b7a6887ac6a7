import { ApiProperty } from '@nestjs/swagger';
import { NULLABLE, DATE_TIME } from '../dto/openapi-shapes';

export class LogActorDto {
  @ApiProperty() id!: string;
  @ApiProperty() role!: string;
  @ApiProperty(NULLABLE()) initials!: string | null;
}

export class LogEntryDto {
  @ApiProperty() entryId!: string;
  @ApiProperty(DATE_TIME) occurredAt!: string;
  @ApiProperty({
    description:
      'registration, enrollment, sms_outbound, sms_status, sms_inbound, sms_unrouted, opt_out, call, note, contact_change, ...',
    example: 'sms_outbound',
  })
  kind!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ type: LogActorDto }) actor!: LogActorDto;
  @ApiProperty({ description: "One line a person reads (minimum necessary for the reader's role)" }) summary!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
  @ApiProperty({ description: 'Decimal string; ?after= pages from here', example: '7' }) streamRevision!: string;
}
