/**
 * OpenAPI shapes of the record reads (application/<capability>/*.queries.ts views). Timestamps are ISO 8601
 * strings; revisions are decimal strings (bigint-json.ts). Fields a role may not see are absent, never null.
 */
import { applyDecorators } from '@nestjs/common';
import { DELIVERY_STATUS_STEPS } from '../../../domain/student/delivery-status';
import { SMS_DISABLED_REASONS } from '../../../domain/student/sms-eligibility';
import { ApiExtraModels, ApiOkResponse, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

const NULLABLE = (description?: string) =>
  ({ type: String, nullable: true, ...(description ? { description } : {}) }) as const;
const DATE_TIME = { type: String, format: 'date-time' } as const;
// OpenAPI 3.0.3: a nullable enum lists null among its values.
const SMS_DISABLED = {
  type: String,
  nullable: true,
  enum: [...SMS_DISABLED_REASONS, null],
  description: 'Why SMS Enabled is "no"; null when enabled',
};

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

export class ThreadMessageDto {
  @ApiProperty() messageId!: string;
  @ApiProperty({ enum: ['outbound', 'inbound'] }) direction!: 'outbound' | 'inbound';
  @ApiProperty({ enum: ['sms', 'portal'] }) channel!: 'sms' | 'portal';
  @ApiProperty() body!: string;
  @ApiProperty({
    enum: [...DELIVERY_STATUS_STEPS.flat(), 'received'],
    description: "An outbound text's delivery status; received for a reply",
    example: 'delivered',
  })
  status!: string;
  @ApiProperty(NULLABLE("Why a text failed, in words (the portal's red bar)")) failureReason!: string | null;
  @ApiProperty(NULLABLE("The carrier's error code, e.g. 30006")) errorCode!: string | null;
  @ApiProperty(NULLABLE()) enrollmentId!: string | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) statusAt!: string;
  @ApiProperty({ ...NULLABLE('When a scheduled text goes out'), format: 'date-time' }) scheduledFor!: string | null;
  @ApiProperty(NULLABLE('e.g. likely_opt_out_request')) flag!: string | null;
  @ApiProperty(NULLABLE('A reply: which of our numbers it reached')) receivedOn!: string | null;
  @ApiProperty({ description: 'A reply routed to who texted last because our number did not single out the thread' })
  mayBeForAnotherStaffMember!: boolean;
  @ApiProperty(NULLABLE('A reply staff moved here: whose thread it was first in')) movedFromStaffId!: string | null;
}

export class ThreadSummaryDto {
  @ApiProperty() studentId!: string;
  @ApiProperty() staffId!: string;
  @ApiProperty(NULLABLE("The staff member's display name")) staffName!: string | null;
  @ApiProperty() messageCount!: number;
  @ApiProperty(DATE_TIME) lastMessageAt!: string;
  @ApiProperty({ enum: ['outbound', 'inbound'] }) lastDirection!: string;
}

export class ThreadDto extends ThreadSummaryDto {
  @ApiProperty({ type: [ThreadMessageDto] }) messages!: ThreadMessageDto[];
}

export class PortalMessageDto {
  @ApiProperty() messageId!: string;
  @ApiProperty({ enum: ['outbound', 'inbound'] }) direction!: 'outbound' | 'inbound';
  @ApiProperty({ enum: ['sms', 'portal'] }) channel!: 'sms' | 'portal';
  @ApiProperty() body!: string;
  @ApiProperty({ ...DATE_TIME, description: 'When it went out or came in' }) at!: string;
  @ApiProperty({ description: 'The teacher of the thread' }) staffName!: string;
}

export class PortalThreadSummaryDto {
  @ApiProperty({ description: 'The handle for replies (POST /v1/me/threads/{staffId}/replies)' }) staffId!: string;
  @ApiProperty() staffName!: string;
  @ApiProperty() messageCount!: number;
  @ApiProperty(DATE_TIME) lastMessageAt!: string;
}

export class PortalThreadDto extends PortalThreadSummaryDto {
  @ApiProperty({ type: [PortalMessageDto] }) messages!: PortalMessageDto[];
}

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

export class UnroutedInboundDto {
  @ApiProperty() messageId!: string;
  @ApiProperty(NULLABLE('null: a number no student has')) studentId!: string | null;
  @ApiProperty(NULLABLE()) fromNumber!: string | null;
  @ApiProperty() body!: string;
  @ApiProperty({ description: 'no_thread (nobody texted the student yet) or unknown_number', example: 'no_thread' })
  reason!: string;
  @ApiProperty(DATE_TIME) receivedAt!: string;
}

/** Staff get the staff view of a student's threads; the student reading their own gets the portal's view. */
export const ApiThreadsResponse = (): MethodDecorator =>
  applyDecorators(
    ApiExtraModels(ThreadSummaryDto, PortalThreadSummaryDto),
    ApiOkResponse({
      description: 'Staff: ThreadSummaryDto; the student: PortalThreadSummaryDto',
      schema: {
        type: 'array',
        items: { anyOf: [{ $ref: getSchemaPath(ThreadSummaryDto) }, { $ref: getSchemaPath(PortalThreadSummaryDto) }] },
      },
    }),
  );

export const ApiThreadResponse = (
  headers?: Record<string, { description: string; schema: { type: string } }>,
): MethodDecorator =>
  applyDecorators(
    ApiExtraModels(ThreadDto, PortalThreadDto),
    ApiOkResponse({
      description: 'Staff: ThreadDto; the student: PortalThreadDto',
      schema: { anyOf: [{ $ref: getSchemaPath(ThreadDto) }, { $ref: getSchemaPath(PortalThreadDto) }] },
      ...(headers ? { headers } : {}),
    }),
  );
