import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REVISION } from '../dto/openapi-shapes';

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
