import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import {
  ANALYTICS_VIEWS,
  GetAnalyticsViewQuery,
  type AnalyticsViewName,
} from '../../application/analytics/analytics.queries';
import type { Role } from '../../domain/shared/actor';
import { DomainError } from '../../domain/shared/domain-error';
import { READ_MODEL_DATA_SOURCE } from '../runner/read-model-data-source';

export const ANALYTICS_READERS: readonly Role[] = ['analytics', 'school_admin'];
const MAX_ROWS = 10_000;

/**
 * Aggregate views with no message bodies, names or numbers, scoped to the caller's district. Rows come back as
 * PostgreSQL renders them to JSON (dates as "YYYY-MM-DD", counts as numbers), whatever the view's columns.
 */
@QueryHandler(GetAnalyticsViewQuery)
export class GetAnalyticsViewHandler implements IQueryHandler<GetAnalyticsViewQuery> {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource) {}

  async execute({ actor, view }: GetAnalyticsViewQuery): Promise<Record<string, unknown>[]> {
    if (!ANALYTICS_READERS.includes(actor.role))
      throw new DomainError('FORBIDDEN_ROLE', `Your role (${actor.role}) cannot read analytics.`, 'forbidden');
    if (!Object.hasOwn(ANALYTICS_VIEWS, view)) {
      throw new DomainError(
        'ANALYTICS_VIEW_NOT_FOUND',
        `No analytics view "${view}". Views: ${Object.keys(ANALYTICS_VIEWS).join(', ')}.`,
        'not_found',
      );
    }
    const spec = ANALYTICS_VIEWS[view as AnalyticsViewName];
    const rows: { row: string }[] = await this.db.query(
      `SELECT row_to_json(v)::text AS row FROM ${spec.view} v WHERE v.district_id = $1 ORDER BY ${spec.orderBy} LIMIT ${MAX_ROWS}`,
      [actor.districtId],
    );
    return rows.map((r) => JSON.parse(r.row) as Record<string, unknown>);
  }
}
