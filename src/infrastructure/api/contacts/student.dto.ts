import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsObject,
  Length,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ID_MESSAGE } from '../dto/openapi-shapes';
import { ID_PATTERN } from '../../../domain/shared/identifier';
import type { StudentProfile } from '../../../domain/student/student.events';

export class OptOutDto {
  @ApiProperty({ enum: ['student', 'parent', 'guardian'] }) @IsIn(['student', 'parent', 'guardian']) requestedBy!:
    'student' | 'parent' | 'guardian';
}

export class EnrollmentFilterDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: `teacherId ${ID_MESSAGE}` }) teacherId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: `courseId ${ID_MESSAGE}` }) courseId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: `studentId ${ID_MESSAGE}` }) studentId?: string;
  @ApiPropertyOptional({ enum: ['yes', 'no'] }) @IsOptional() @IsIn(['yes', 'no']) smsEnabled?: 'yes' | 'no';
  @ApiPropertyOptional({
    description:
      "Words (at most 5), each the start of the student's first, last or preferred name, the course name or the teacher's name, or the student id or the course id (case-insensitive); every word must match",
    example: 'sarah jo',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({ description: 'X-Next-Cursor of the previous page, unchanged' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
  @ApiPropertyOptional({ default: 1000, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class ListedContactDto {
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ enum: ['parent', 'guardian', 'other'] }) @IsIn(['parent', 'guardian', 'other']) relationship!:
    'parent' | 'guardian' | 'other';
  @ApiPropertyOptional({ type: String, nullable: true, example: '(201) 555-0177' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;
}

export class RegisterStudentDto {
  @ApiProperty({ example: 'stu-1001' }) @Matches(ID_PATTERN, { message: `studentId ${ID_MESSAGE}` }) studentId!: string;
  @ApiProperty({ example: 'Sarah' }) @IsString() @Length(1, 100) firstName!: string;
  @ApiProperty({ example: 'Jones' }) @IsString() @Length(1, 100) lastName!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) preferredName?: string;
  @ApiPropertyOptional({ example: '2009-04-17' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Length(10, 10)
  dateOfBirth?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) address?: string;
  @ApiPropertyOptional({ description: 'Portal username' }) @IsOptional() @IsString() @MaxLength(100) username?: string;
  @ApiPropertyOptional({
    description: 'SMS contact number; any common format, stored as E.164',
    example: '(201) 555-0123',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  smsNumber?: string;
  @ApiPropertyOptional({ example: 'America/Chicago' }) @IsOptional() @IsString() @MaxLength(64) timeZone?: string;
  @ApiPropertyOptional({ type: [ListedContactDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ListedContactDto)
  listedContacts?: ListedContactDto[];
}

/** The registration a DTO asks for, in the caller's district, trimmed as people type it. */
export function toStudentProfile(dto: RegisterStudentDto, districtId: string): StudentProfile {
  return {
    studentId: dto.studentId,
    districtId,
    firstName: dto.firstName.trim(),
    lastName: dto.lastName.trim(),
    preferredName: dto.preferredName?.trim() ?? null,
    dateOfBirth: dto.dateOfBirth ?? null,
    address: dto.address?.trim() ?? null,
    username: dto.username ?? null,
    smsNumber: dto.smsNumber ?? null,
    timeZone: dto.timeZone ?? null,
    listedContacts: (dto.listedContacts ?? []).map((c) => ({
      name: c.name,
      relationship: c.relationship,
      phone: c.phone ?? null,
    })),
  };
}

export class BulkRegisterStudentsDto {
  @ApiProperty({ type: [RegisterStudentDto], description: 'Up to 1,000 registrations; each is answered on its own' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RegisterStudentDto)
  students!: RegisterStudentDto[];
}

export class UpdateContactDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'New SMS number in any common format, or null to remove it',
    example: '(201) 555-0177',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  smsNumber?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(300) address?:
    string | null;
  @ApiPropertyOptional({ type: [ListedContactDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ListedContactDto)
  listedContacts?: ListedContactDto[];
  @ApiPropertyOptional({ description: 'Why (e.g. "Parent called the school")' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** A correction of the student's own record: only the fields named change; `null` removes an optional one. */
export class CorrectRecordDto {
  @ApiPropertyOptional({ example: 'Sarah' })
  @ValidateIf((o: CorrectRecordDto) => o.firstName !== undefined)
  @IsString()
  @Length(1, 100)
  firstName?: string;
  @ApiPropertyOptional({ example: 'Jonas' })
  @ValidateIf((o: CorrectRecordDto) => o.lastName !== undefined)
  @IsString()
  @Length(1, 100)
  lastName?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(100) preferredName?:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2009-04-18' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Length(10, 10)
  dateOfBirth?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Portal username' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  username?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'America/Chicago' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string | null;
  @ApiProperty({ description: 'Why (e.g. "Birth certificate received; last name was misspelled")' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class StartEnrollmentDto {
  @ApiProperty() @Matches(ID_PATTERN, { message: `enrollmentId ${ID_MESSAGE}` }) enrollmentId!: string;
  @ApiProperty() @Matches(ID_PATTERN, { message: `courseId ${ID_MESSAGE}` }) courseId!: string;
  @ApiProperty({ example: 'Biology' }) @IsString() @Length(1, 200) courseName!: string;
  @ApiProperty() @Matches(ID_PATTERN, { message: `teacherId ${ID_MESSAGE}` }) teacherId!: string;
  @ApiProperty({ example: 'Amy Bell' }) @IsString() @Length(1, 200) teacherName!: string;
  @ApiProperty({ example: '2026-08-24' }) @IsISO8601({ strict: true }) @Length(10, 10) startedOn!: string;
}

export class EndEnrollmentDto {
  @ApiProperty({ example: '2026-12-18' }) @IsISO8601({ strict: true }) @Length(10, 10) endedOn!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}
