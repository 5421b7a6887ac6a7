import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ANALYTICS_VIEWS, GetAnalyticsViewQuery } from '../../../application/analytics/analytics.queries';
import type { Actor } from '../../../domain/shared/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { Roles } from '../../auth/roles.decorator';
import { ApiAnalyticsRows } from '../compliance/compliance-responses.dto';
import { ParseIdPipe } from '../parse-id.pipe';

/** Aggregate, read-only views for the district (no bodies, names or numbers): see docs/compliance.md. */
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
  view(@Param('view', ParseIdPipe) view: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetAnalyticsViewQuery(actor, view));
  }
}
