import { ApiProperty } from '@nestjs/swagger';
import { REVISION } from '../dto/openapi-shapes';

export class PacingResponseDto {
  @ApiProperty() enrollmentId!: string;
  @ApiProperty() changed!: boolean;
  @ApiProperty(REVISION) revision!: string | null;
}

export class AmendNoteResponseDto {
  @ApiProperty() noteId!: string;
  @ApiProperty({ description: 'false when this very amendment was already recorded' }) amended!: boolean;
  @ApiProperty(REVISION) revision!: string | null;
}

export class EnteredInErrorResponseDto {
  @ApiProperty({ enum: ['note', 'call'] }) entryKind!: 'note' | 'call';
  @ApiProperty() entryId!: string;
  @ApiProperty() changed!: boolean;
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
