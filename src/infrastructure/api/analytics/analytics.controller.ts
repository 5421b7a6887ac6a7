import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ApiReply } from '../../http/http-request';
import {
  ANALYTICS_PAGE,
  ANALYTICS_VIEWS,
  GetAnalyticsViewQuery,
  type AnalyticsPage,
} from '../../../application/analytics/analytics.queries';
import type { Actor } from '../../../domain/shared/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { Roles } from '../../auth/roles.decorator';
import { setNextCursor } from '../../http/next-page';
import { ApiAnalyticsRows } from '../compliance/compliance-responses.dto';
import { ParseIdPipe } from '../parse-id.pipe';

export class AnalyticsPageDto {
  @ApiPropertyOptional({ description: 'X-Next-Cursor of the previous page, unchanged' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;
  @ApiPropertyOptional({ default: ANALYTICS_PAGE.default, minimum: 1, maximum: ANALYTICS_PAGE.max })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ANALYTICS_PAGE.max)
  limit?: number;
}

/** Aggregate, read-only views for the district (no bodies, names or numbers): see README.md, Compliance, "9. Analytics views". */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller('v1/analytics')
export class AnalyticsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':view')
  @Roles('analytics', 'school_admin')
  @ApiAnalyticsRows()
  @ApiParam({ name: 'view', enum: Object.keys(ANALYTICS_VIEWS) })
  @ApiOperation({ summary: `One analytics view for your district: ${Object.keys(ANALYTICS_VIEWS).join(', ')}` })
  async view(
    @Param('view', ParseIdPipe) view: string,
    @Query() query: AnalyticsPageDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: ApiReply,
  ): Promise<AnalyticsPage['rows']> {
    const page: AnalyticsPage = await this.queries.execute(
      new GetAnalyticsViewQuery(actor, view, {
        limit: query.limit ?? ANALYTICS_PAGE.default,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      }),
    );
    setNextCursor(res, page.nextCursor);
    return page.rows;
  }
}
