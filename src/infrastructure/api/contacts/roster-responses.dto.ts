import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NULLABLE, SMS_DISABLED } from '../dto/openapi-shapes';

export class CurrentEnrollmentDto {
  @ApiProperty() enrollmentId!: string;
  @ApiProperty() studentId!: string;
  @ApiProperty() studentFirstName!: string;
  @ApiProperty() courseId!: string;
  @ApiProperty() courseName!: string;
  @ApiProperty() teacherId!: string;
  @ApiProperty() teacherName!: string;
  @ApiProperty({ example: '2026-08-24' }) startedOn!: string;
  @ApiProperty({ description: 'The portal\'s "SMS Enabled" column' }) smsEnabled!: boolean;
  @ApiProperty(SMS_DISABLED) smsDisabledReason!: string | null;
  @ApiProperty({ ...NULLABLE('Last text, call or note with the student'), format: 'date-time' }) lastContactAt!:
    string | null;
}

export class ListedContactViewDto {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['parent', 'guardian', 'other'] }) relationship!: 'parent' | 'guardian' | 'other';
  @ApiProperty({ ...NULLABLE(), example: '+12015550166' }) phone!: string | null;
}

export class StudentProfileDto {
  @ApiProperty() studentId!: string;
  @ApiProperty() districtId!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty(NULLABLE()) preferredName!: string | null;
  @ApiProperty({ ...NULLABLE('E.164'), example: '+12015550123' }) smsNumber!: string | null;
  @ApiProperty() optedOut!: boolean;
  @ApiProperty() smsEnabled!: boolean;
  @ApiProperty(SMS_DISABLED) smsDisabledReason!: string | null;
  @ApiPropertyOptional({
    type: [ListedContactViewDto],
    description: 'The people listed for the student: staff of the student only',
  })
  listedContacts?: ListedContactViewDto[];
}
