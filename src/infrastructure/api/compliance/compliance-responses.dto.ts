/**
 * OpenAPI shapes of the records officer's reads (application/compliance/compliance.queries.ts, log-verification.queries.ts)
 * and the analytics views. Event data and access details vary by event type: they are documented as objects.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, type ApiPropertyOptions, getSchemaPath } from '@nestjs/swagger';
import { nextCursorHeader } from '../../http/next-page';

const NULLABLE = { type: String, nullable: true } as const;
const OBJECT = { type: 'object', additionalProperties: true } as const;
const NEXT_AFTER = { ...NULLABLE, description: 'Pass as ?after= for the next page; null on the last page' } as const;

export class HistoryEventDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ description: 'Stream revision (decimal string)' }) revision!: string;
  @ApiProperty({ description: 'Global log position (decimal string)' }) position!: string;
  @ApiProperty({ example: 'SmsQueued' }) type!: string;
  @ApiProperty({ description: 'The event as recorded (its shape depends on type)' }) data!: unknown;
  @ApiProperty({ ...OBJECT, description: 'Actor, correlation and causation ids, time' }) metadata!: Record<
    string,
    unknown
  >;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class HistoryPageDto {
  @ApiProperty() studentId!: string;
  @ApiProperty({ type: [HistoryEventDto] }) events!: HistoryEventDto[];
  @ApiProperty(NEXT_AFTER) nextAfter!: string | null;
}

export class RecordSnapshotDto {
  @ApiProperty() studentId!: string;
  @ApiProperty({ ...NULLABLE, format: 'date-time', description: 'The moment asked about' }) asOf!: string | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: { revision: { type: 'string' }, occurredAt: { type: 'string', format: 'date-time' } },
    description: 'The last event included; null when the student did not exist yet',
  })
  lastEvent!: { revision: string; occurredAt: string } | null;
  @ApiProperty({
    ...OBJECT,
    nullable: true,
    description: 'Names, date of birth, address, SMS number, time zone, listed contacts',
  })
  contact!: Record<string, unknown> | null;
  @ApiProperty({ ...OBJECT, description: 'optedOut and the opt-out (when, by whom, the note)' }) consent!: Record<
    string,
    unknown
  >;
  @ApiProperty() numberFlaggedInvalid!: boolean;
  @ApiProperty({ ...OBJECT, description: 'enabled, reason, explanation, districtAllowsSms' }) sms!: Record<
    string,
    unknown
  >;
}

export class AccessActorDto {
  @ApiProperty() id!: string;
  @ApiProperty() role!: string;
  @ApiProperty() districtId!: string;
  @ApiProperty(NULLABLE) initials!: string | null;
}

export class AccessEntryDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() revision!: string;
  @ApiProperty({ enum: ['StudentRecordAccessed', 'StudentRecordAccessRefused'] }) type!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: AccessActorDto }) actor!: AccessActorDto;
  @ApiProperty({
    description: 'What was read: profile, threads, thread, log, history, access, export, ...',
    example: 'log',
  })
  part!: string;
  @ApiProperty({ ...NULLABLE, description: 'The stated purpose (?purpose= or X-Access-Purpose)' }) purpose!:
    string | null;
  @ApiProperty({ description: 'true for a disclosure outside the school (an export)' }) disclosure!: boolean;
  @ApiProperty({ example: 'api' }) channel!: string;
  @ApiProperty(OBJECT) detail!: Record<string, unknown>;
  @ApiProperty({ ...NULLABLE, description: "The refusal's code when the read was refused" }) refusedBecause!:
    string | null;
  @ApiProperty() correlationId!: string;
}

export class AccessPageDto {
  @ApiProperty() studentId!: string;
  @ApiProperty({ type: [AccessEntryDto] }) entries!: AccessEntryDto[];
  @ApiProperty(NEXT_AFTER) nextAfter!: string | null;
}

/**
 * One entry that differs, or null. Inline, not a $ref: OpenAPI 3.0 cannot say "null or this component", and a
 * validator reading `nullable` beside `allOf` still applies the component to null.
 */
const DIFFERENCE = {
  type: 'object',
  nullable: true,
  required: ['entryId', 'streamRevision', 'check', 'expected', 'actual', 'explanation'],
  properties: {
    entryId: { type: 'string' },
    streamRevision: { type: 'string' },
    check: {
      type: 'string',
      enum: [
        'content_hash',
        'prev_hash',
        'entry_hash',
        'missing_from_table',
        'not_in_event_store',
        'entry_id',
        'content',
      ],
    },
    fields: { type: 'array', items: { type: 'string' } },
    expected: { type: 'string', nullable: true },
    actual: { type: 'string', nullable: true },
    explanation: { type: 'string' },
  },
} as ApiPropertyOptions;
const HEAD = { entries: { type: 'integer' }, headHash: { type: 'string', nullable: true } } as const;

export class LogVerificationDto {
  @ApiProperty() studentId!: string;
  @ApiProperty({ format: 'date-time' }) verifiedAt!: string;
  @ApiProperty() checkedThroughPosition!: string;
  @ApiProperty({ enum: ['intact', 'altered', 'pending'] }) status!: string;
  @ApiProperty() intact!: boolean;
  @ApiProperty({
    type: 'object',
    nullable: true,
    description: 'Set when status is pending',
    properties: {
      entries: { type: 'integer' },
      lag: {
        type: 'object',
        properties: {
          projectedThrough: { type: 'string' },
          pendingThrough: { type: 'string' },
          oldestPendingRecordedAt: { type: 'string' },
        },
      },
    },
  })
  pending!: unknown;
  @ApiProperty({ type: 'object', properties: HEAD }) eventStore!: unknown;
  @ApiProperty({ type: 'object', properties: { ...HEAD, chainIntact: { type: 'boolean' }, firstBreak: DIFFERENCE } })
  table!: unknown;
  @ApiProperty({ type: 'object', properties: { matches: { type: 'boolean' }, firstDifference: DIFFERENCE } })
  againstEventStore!: unknown;
  @ApiProperty({ ...DIFFERENCE, description: 'The earliest entry that differs, whichever check found it' })
  firstDifference!: unknown;
}

/** ?asOf= answers the record as it stood then; without it, a page of the history. */
export const ApiHistoryResponse = (): MethodDecorator =>
  applyDecorators(
    ApiExtraModels(HistoryPageDto, RecordSnapshotDto),
    ApiOkResponse({
      description: 'A page of events; with ?asOf= the record as of then',
      schema: { oneOf: [{ $ref: getSchemaPath(HistoryPageDto) }, { $ref: getSchemaPath(RecordSnapshotDto) }] },
    }),
  );

export const ApiLogVerificationResponse = (): MethodDecorator => ApiOkResponse({ type: LogVerificationDto });

/** One row of an analytics view: its columns depend on the view (README.md, Compliance, "9. Analytics views"); counts and weeks, never PII. */
export const ApiAnalyticsRows = (): MethodDecorator =>
  ApiOkResponse({
    description: "The view's rows, up to `limit` (default and at most 10,000), in the view's order",
    schema: { type: 'array', items: { type: 'object', additionalProperties: true } },
    headers: nextCursorHeader('cursor'),
  });
