import { applyDecorators } from '@nestjs/common';
import { DELIVERY_STATUS_STEPS } from '../../../domain/student/delivery-status';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { NULLABLE, DATE_TIME } from '../dto/openapi-shapes';

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
