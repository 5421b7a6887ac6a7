import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ANALYTICS_VIEWS_SCOPED_UTC_SQL, ANALYTICS_VIEWS_SQL } from './analytics-views.sql';

/**
 * The analytics views count days and weeks in the district's time zone (its SMS policy's; UTC while it has none), as
 * the worklists do: a welcome texted at 8 PM in Chicago on the seventh day is in the first week (in UTC it was the
 * eighth day, "missed"), a text on Sunday evening is in that week, and "missed" starts at the district's midnight.
 * Replaced in place (same columns), so the analytics role's privileges on them stay. Nothing is stored: only the
 * views change.
 */
export class AnalyticsDistrictDays1733700000000 implements MigrationInterface {
  name = 'AnalyticsDistrictDays1733700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(ANALYTICS_VIEWS_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(ANALYTICS_VIEWS_SCOPED_UTC_SQL);
  }
}
