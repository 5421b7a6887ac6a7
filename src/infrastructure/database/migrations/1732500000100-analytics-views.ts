import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ANALYTICS_VIEWS_UNSCOPED_SQL } from './analytics-views.sql';

/** The role analysts log in through (as a member): it can select the analytics views and nothing else. */
export const ANALYTICS_ROLE = 'texting_analytics';

/**
 * Analytics facts (fed by AnalyticsProjection), the views over them (no bodies, names or numbers), and a read-only
 * database role that can select only those views. Roles are cluster-wide: creating it is guarded so that re-running
 * this migration, or running it in several databases of one cluster at once, is safe; a deploy user without
 * CREATEROLE skips the role (a DBA creates it and re-runs the GRANT, see README.md, Compliance, "9. Analytics views").
 */
export class AnalyticsViews1732500000100 implements MigrationInterface {
  name = 'AnalyticsViews1732500000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE analytics_enrollments (
        enrollment_id text PRIMARY KEY,
        student_id text NOT NULL,
        district_id text NOT NULL,
        course_id text NOT NULL,
        teacher_id text NOT NULL,
        started_on date NOT NULL,
        ended_on date,
        pacing_status text CHECK (pacing_status IN ('on_track', 'behind')),
        behind_since timestamptz
      );
      CREATE INDEX analytics_enrollments_district ON analytics_enrollments (district_id, started_on);
      CREATE INDEX analytics_enrollments_student ON analytics_enrollments (student_id, teacher_id);
      CREATE TABLE analytics_contacts (
        contact_id text PRIMARY KEY,
        district_id text NOT NULL,
        student_id text NOT NULL,
        staff_id text,
        enrollment_id text,
        course_id text,
        kind text NOT NULL CHECK (kind IN ('sms_out', 'sms_in', 'call', 'opt_out')),
        at timestamptz NOT NULL,
        status text,
        entered_in_error boolean NOT NULL DEFAULT false
      );
      CREATE INDEX analytics_contacts_district ON analytics_contacts (district_id, at);
      CREATE INDEX analytics_contacts_thread ON analytics_contacts (student_id, staff_id, kind, at);
      CREATE INDEX analytics_contacts_enrollment ON analytics_contacts (enrollment_id, kind, at);
    `);
    await q.query(ANALYTICS_VIEWS_UNSCOPED_SQL);
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${ANALYTICS_ROLE}') THEN
          IF NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
            RAISE NOTICE 'Role ${ANALYTICS_ROLE} not created: % may not create roles. See README.md, Compliance, "9. Analytics views".', current_user;
            RETURN;
          END IF;
          BEGIN
            CREATE ROLE ${ANALYTICS_ROLE} NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another database of this cluster created it at the same moment
          END;
        END IF;
        BEGIN
          EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${ANALYTICS_ROLE}', current_schema());
        EXCEPTION WHEN insufficient_privilege THEN
          RAISE NOTICE 'USAGE on schema % not granted to ${ANALYTICS_ROLE}; the schema owner must grant it.', current_schema();
        END;
        GRANT SELECT ON analytics_messages_per_week, analytics_delivery, analytics_reply_rate, analytics_opt_out_rate,
          analytics_unwelcomed_students, analytics_uncontacted_falling_behind TO ${ANALYTICS_ROLE};
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // The role is left in place: it is cluster-wide and other databases may use it.
    await q.query(`
      DROP VIEW IF EXISTS analytics_messages_per_week, analytics_delivery, analytics_reply_rate, analytics_opt_out_rate,
        analytics_unwelcomed_students, analytics_uncontacted_falling_behind;
      DROP TABLE IF EXISTS analytics_contacts, analytics_enrollments;
    `);
  }
}
