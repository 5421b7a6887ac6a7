import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { INBOX_FLAGS } from '../../../domain/inbox/inbox-item';

export class InboxPageDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page, unchanged' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
  @ApiPropertyOptional({ default: 25, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
  @ApiPropertyOptional({ enum: ['only'], description: 'only: items with replies or failed texts you have not seen' })
  @IsOptional()
  @IsIn(['only'])
  unread?: 'only';
  @ApiPropertyOptional({ description: 'Why the record is read, kept in the access record (or send X-Access-Purpose)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  purpose?: string;
}

export class InboxLastMessageDto {
  @ApiProperty() messageId!: string;
  @ApiProperty({ enum: ['outbound', 'inbound'] }) direction!: 'outbound' | 'inbound';
  @ApiProperty({
    description: 'queued, scheduled, retrying, sent, delivered, failed, cancelled; received for a reply',
    example: 'received',
  })
  status!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The start of the text, one line, at most 80 characters' })
  preview!: string | null;
}

export class InboxItemDto {
  @ApiProperty({
    enum: ['thread', 'unrouted'],
    description: 'unrouted: the student texted before any staff thread existed (teacher first)',
  })
  kind!: 'thread' | 'unrouted';
  @ApiProperty() studentId!: string;
  @ApiProperty({ type: String, nullable: true }) studentFirstName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The thread's staff member; null for unrouted texts" })
  staffId!: string | null;
  @ApiProperty({ minimum: 0, description: 'Replies you have not marked read (your own count)' }) unreadCount!: number;
  @ApiProperty({ type: InboxLastMessageDto }) lastMessage!: InboxLastMessageDto;
  @ApiProperty({ enum: INBOX_FLAGS, isArray: true, description: 'What you have not seen yet that needs you' })
  flags!: string[];
}

export class InboxPageResponseDto {
  @ApiProperty({ type: InboxItemDto, isArray: true }) items!: InboxItemDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as ?cursor= for the next page; null on the last page',
  })
  nextCursor!: string | null;
}

export class MarkReadResponseDto {
  @ApiProperty({ description: 'false: there was nothing you had not seen' }) changed!: boolean;
  @ApiProperty({ enum: [0] }) unreadCount!: 0;
}
