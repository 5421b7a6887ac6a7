import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ID_MESSAGE } from '../dto/openapi-shapes';
import { ID_PATTERN } from '../../../domain/shared/identifier';

export class PortalReplyDto {
  @ApiProperty() @IsString() @MaxLength(5000) body!: string;
}

export class MoveReplyDto {
  @ApiProperty({ description: 'The staff member whose thread the reply was meant for', example: 't-bell' })
  @Matches(ID_PATTERN, { message: `toStaffId ${ID_MESSAGE}` })
  toStaffId!: string;
  @ApiPropertyOptional({
    description: 'Why, for the record (at most 500 characters)',
    example: "Answers Mrs. Bell's question about the study session",
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class UnroutedPageDto {
  @ApiPropertyOptional({ description: 'X-Next-Cursor of the previous page, unchanged' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
  @ApiPropertyOptional({ default: 200, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
