import { Module } from '@nestjs/common';
import { AnalyticsProjection } from '../../../projections/analytics/analytics.projection';
import { GetAnalyticsViewHandler } from '../../../projections/analytics/analytics.query-handler';
import type { Projection } from '../../../projections/runner/projection';
import { AnalyticsController } from './analytics.controller';

/** Analytics: the facts behind the analytics views (no message bodies, names or numbers) and the views. */
@Module({
  controllers: [AnalyticsController],
  providers: [GetAnalyticsViewHandler],
})
export class AnalyticsModule {
  /** The read models this capability keeps (run by the projection runner, CoreModule). */
  static readonly readModels = (): Projection[] => [new AnalyticsProjection()];
}
