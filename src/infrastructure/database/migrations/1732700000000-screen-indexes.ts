import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the screens at scale (issue #7, figure 7). A teacher's Current Enrollments is read by district and teacher
 * in (course name, first name, enrollment) order: one index serves filter and order, so the screen is an index range
 * scan of that teacher's rows instead of a bitmap AND of every enrollment in the district (71,000 rows at 100,000
 * students) with the teacher's, then a sort.
 */
export class ScreenIndexes1732700000000 implements MigrationInterface {
  name = 'ScreenIndexes1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX current_enrollments_teacher_screen
        ON current_enrollments (teacher_id, district_id, course_name, student_first_name, enrollment_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS current_enrollments_teacher_screen');
  }
}
