import { ApiProperty } from '@nestjs/swagger';
import { NULLABLE, DATE_TIME, REVISION } from '../dto/openapi-shapes';

export class UnroutedInboundDto {
  @ApiProperty() messageId!: string;
  @ApiProperty(NULLABLE('null: a number no student has')) studentId!: string | null;
  @ApiProperty(NULLABLE()) fromNumber!: string | null;
  @ApiProperty() body!: string;
  @ApiProperty({ description: 'no_thread (nobody texted the student yet) or unknown_number', example: 'no_thread' })
  reason!: string;
  @ApiProperty(DATE_TIME) receivedAt!: string;
}

export class MoveReplyResponseDto {
  @ApiProperty() messageId!: string;
  @ApiProperty({ type: String, nullable: true, description: "Whose thread the reply is in now (null: the school's)" })
  staffId!: string | null;
  @ApiProperty() changed!: boolean;
  @ApiProperty(REVISION) revision!: string | null;
}

export class PortalReplyResponseDto {
  @ApiProperty({ type: String, nullable: true }) messageId!: string | null;
  @ApiProperty({ type: String, nullable: true }) staffId!: string | null;
  @ApiProperty({ description: "false: kept, but in nobody's thread" }) routed!: boolean;
}
