/**
 * OpenAPI shapes of the writes' answers outside messaging (messaging-responses.dto.ts): students, enrollments,
 * district policy, record corrections, rostering, reply moves and the dev simulator.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Revisions are bigint on the server and sent as decimal strings (bigint-json.ts); null when nothing was written. */
export const REVISION = {
  type: String,
  nullable: true,
  description: 'Stream revision after the write (decimal string), usable as If-Match',
  example: '7',
} as const;
/** The ETag response header of a write or read that knows the student's stream revision. */
export const ETAG_HEADER = {
  ETag: { description: 'The student\'s stream revision ("7"), usable as If-Match', schema: { type: 'string' } },
};

export class RegisterStudentResponseDto {
  @ApiProperty() studentId!: string;
  @ApiProperty(REVISION) revision!: string | null;
}

export class StudentChangeResponseDto {
  @ApiProperty() studentId!: string;
  @ApiProperty({ description: 'false when the record already said so: nothing was written' }) changed!: boolean;
  @ApiProperty(REVISION) revision!: string | null;
}

export class CorrectRecordResponseDto extends StudentChangeResponseDto {
  @ApiProperty({ type: [String], description: 'The fields corrected (names only)' }) fields!: string[];
}

export class StartEnrollmentResponseDto {
  @ApiProperty() enrollmentId!: string;
  @ApiProperty(REVISION) revision!: string | null;
}

export class EndEnrollmentResponseDto {
  @ApiProperty() enrollmentId!: string;
  @ApiProperty({ description: 'false when it had already ended' }) ended!: boolean;
  @ApiProperty(REVISION) revision!: string | null;
}

export class PacingResponseDto {
  @ApiProperty() enrollmentId!: string;
  @ApiProperty() changed!: boolean;
  @ApiProperty(REVISION) revision!: string | null;
}

export class DistrictPolicyResponseDto {
  @ApiProperty() districtId!: string;
  @ApiProperty() changed!: boolean;
  @ApiProperty({ ...REVISION, description: "The district policy stream's revision after the write" }) revision!:
    string | null;
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

export class SimulatedReplyResponseDto {
  @ApiProperty({ example: 'SIM3f2a...' }) providerMessageId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Which of our numbers it reached' }) to!: string | null;
}

const OUTCOMES = ['registered', 'unchanged', 'enrollment_started', 'enrollment_ended', 'skipped', 'rejected'];

export class BulkRegistrationRowDto {
  @ApiProperty() studentId!: string;
  @ApiProperty({ enum: ['registered', 'unchanged', 'rejected'] }) outcome!: string;
  @ApiPropertyOptional({ description: 'Why it was rejected (stable code)' }) code?: string;
  @ApiPropertyOptional() message?: string;
}

export class BulkRegistrationResponseDto {
  @ApiProperty({ type: [BulkRegistrationRowDto] }) results!: BulkRegistrationRowDto[];
}

export class RosterImportRowDto {
  @ApiProperty({
    enum: ['users', 'classes', 'enrollments', 'demographics', 'roles', 'reconcile'],
    description: 'The CSV file (without .csv), or reconcile',
  })
  file!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'CSV line; null for reconciliation' }) line!: number | null;
  @ApiProperty() sourcedId!: string;
  @ApiProperty({ type: String, nullable: true }) studentId!: string | null;
  @ApiProperty({ enum: OUTCOMES }) outcome!: string;
  @ApiPropertyOptional() code?: string;
  @ApiPropertyOptional() message?: string;
}

export class RosterImportResponseDto {
  @ApiProperty({ enum: ['bulk', 'delta'] }) mode!: 'bulk' | 'delta';
  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(OUTCOMES.map((o) => [o, { type: 'integer' }])),
    required: OUTCOMES,
  })
  counts!: Record<string, number>;
  @ApiProperty({ type: [RosterImportRowDto] }) rows!: RosterImportRowDto[];
}
