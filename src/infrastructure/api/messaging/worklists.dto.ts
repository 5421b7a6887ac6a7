import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { WORKLIST_PAGE } from '../../../projections/messaging/worklists.reader';

export class WorklistsQueryDto {
  @ApiPropertyOptional({
    default: WORKLIST_PAGE.default,
    minimum: 1,
    maximum: WORKLIST_PAGE.max,
    description: 'Rows per list on this page; a list with more has a nextCursor',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(WORKLIST_PAGE.max)
  limit?: number;
}

export class WorklistPageQueryDto extends WorklistsQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor (or nextCursors.{list}) of the previous page, unchanged' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;
}
