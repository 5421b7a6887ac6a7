import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import {
  ANALYTICS_VIEWS,
  GetAnalyticsViewQuery,
  type AnalyticsKeyPart,
  type AnalyticsPage,
} from '../../application/analytics/analytics.queries';
import type { Role } from '../../domain/shared/actor';
import { DomainError } from '../../domain/shared/domain-error';
import { decodeTypedCursor, pageOf } from '../paging/page-cursor';
import { READ_MODEL_DATA_SOURCE } from '../runner/read-model-data-source';

export const ANALYTICS_READERS: readonly Role[] = ['analytics', 'school_admin'];

/** A key column as it is sorted and compared: never NULL (NULL would compare as unknown and lose rows). */
const keyExpr = (k: AnalyticsKeyPart): string =>
  k.type === 'text'
    ? `coalesce(v.${k.column}, '')`
    : k.type === 'timestamptz'
      ? `coalesce(v.${k.column}, '-infinity'::timestamptz)`
      : `v.${k.column}`;

/** Rows after the cursor's key, in the key's order, whatever the mix of directions: (a after) or (a = and b after)… */
function after(key: readonly AnalyticsKeyPart[], first: number): string {
  const [k, ...rest] = key;
  const param = `$${first}::${k!.type}`;
  const beyond = `${keyExpr(k!)} ${k!.desc ? '<' : '>'} ${param}`;
  return rest.length === 0 ? beyond : `(${beyond} OR (${keyExpr(k!)} = ${param} AND ${after(rest, first + 1)}))`;
}

/**
 * Aggregate views with no message bodies, names or numbers, scoped to the caller's district. Rows come back as
 * PostgreSQL renders them to JSON (dates as "YYYY-MM-DD", counts as numbers), whatever the view's columns. Pages are
 * keyset pages on each view's key: no view stops at a fixed count.
 */
@QueryHandler(GetAnalyticsViewQuery)
export class GetAnalyticsViewHandler implements IQueryHandler<GetAnalyticsViewQuery> {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource) {}

  async execute({ actor, view, page }: GetAnalyticsViewQuery): Promise<AnalyticsPage> {
    if (!ANALYTICS_READERS.includes(actor.role))
      throw new DomainError('FORBIDDEN_ROLE', `Your role (${actor.role}) cannot read analytics.`, 'forbidden');
    const spec = Object.hasOwn(ANALYTICS_VIEWS, view) ? ANALYTICS_VIEWS[view] : undefined;
    if (!spec) {
      throw new DomainError(
        'ANALYTICS_VIEW_NOT_FOUND',
        `No analytics view "${view}". Views: ${Object.keys(ANALYTICS_VIEWS).join(', ')}.`,
        'not_found',
      );
    }
    const cursor = decodeTypedCursor(
      page.cursor,
      spec.key.map((k) => k.type),
    );
    const rows: { row: string; page_key: string[] }[] = await this.db.query(
      `SELECT row_to_json(v)::text AS row, ARRAY[${spec.key.map((k) => `${keyExpr(k)}::text`).join(', ')}] AS page_key
         FROM ${spec.view} v WHERE v.district_id = $1 ${cursor ? `AND ${after(spec.key, 2)}` : ''}
        ORDER BY ${spec.key.map((k) => `${keyExpr(k)}${k.desc ? ' DESC' : ''}`).join(', ')}
        LIMIT ${page.limit + 1}`,
      [actor.districtId, ...(cursor ?? [])],
    );
    const { rows: shown, nextCursor } = pageOf(rows, page.limit, (r) => r.page_key);
    return { rows: shown.map((r) => JSON.parse(r.row) as Record<string, unknown>), nextCursor };
  }
}
