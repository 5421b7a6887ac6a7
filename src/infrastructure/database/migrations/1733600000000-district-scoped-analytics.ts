import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ANALYTICS_VIEWS_SCOPED_UTC_SQL, ANALYTICS_VIEWS_UNSCOPED_SQL } from './analytics-views.sql';

/**
 * The analytics facts keyed by district (ids are scoped by district, see 1733500000000-district-scoped-students.ts):
 * the same enrollment, text or call id in two districts is two rows, and every index the writer and the worklists look
 * up by (student, teacher) or enrollment starts with the district. The views match contacts within the district too,
 * replaced in place (same columns), so the analytics role's privileges on them stay.
 * Works on a database with rows: both tables have had district_id NOT NULL since they were created, so there is
 * nothing to fill and every row is kept. Rows that two districts already shared before this (the same ids in both)
 * stay as they were written; `projections rebuild` writes them again from the log.
 */
export class DistrictScopedAnalytics1733600000000 implements MigrationInterface {
  name = 'DistrictScopedAnalytics1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE analytics_enrollments DROP CONSTRAINT analytics_enrollments_pkey, ADD PRIMARY KEY (district_id, enrollment_id);
      DROP INDEX IF EXISTS analytics_enrollments_student;
      CREATE INDEX analytics_enrollments_student ON analytics_enrollments (district_id, student_id, teacher_id);

      ALTER TABLE analytics_contacts DROP CONSTRAINT analytics_contacts_pkey, ADD PRIMARY KEY (district_id, contact_id);
      DROP INDEX IF EXISTS analytics_contacts_thread;
      CREATE INDEX analytics_contacts_thread ON analytics_contacts (district_id, student_id, staff_id, kind, at);
      DROP INDEX IF EXISTS analytics_contacts_enrollment;
      CREATE INDEX analytics_contacts_enrollment ON analytics_contacts (district_id, enrollment_id, kind, at);
    `);
    await q.query(ANALYTICS_VIEWS_SCOPED_UTC_SQL);
  }

  /** Fails while two districts have a row of the same id (the old keys cannot hold both). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(ANALYTICS_VIEWS_UNSCOPED_SQL);
    await q.query(`
      DROP INDEX IF EXISTS analytics_contacts_enrollment;
      CREATE INDEX analytics_contacts_enrollment ON analytics_contacts (enrollment_id, kind, at);
      DROP INDEX IF EXISTS analytics_contacts_thread;
      CREATE INDEX analytics_contacts_thread ON analytics_contacts (student_id, staff_id, kind, at);
      ALTER TABLE analytics_contacts DROP CONSTRAINT analytics_contacts_pkey, ADD PRIMARY KEY (contact_id);

      DROP INDEX IF EXISTS analytics_enrollments_student;
      CREATE INDEX analytics_enrollments_student ON analytics_enrollments (student_id, teacher_id);
      ALTER TABLE analytics_enrollments DROP CONSTRAINT analytics_enrollments_pkey, ADD PRIMARY KEY (enrollment_id);
    `);
  }
}
