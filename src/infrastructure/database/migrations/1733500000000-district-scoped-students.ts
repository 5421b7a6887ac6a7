import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Student ids are scoped by district (issue 15): the same id in two districts names two students, so every read-model
 * key that holds a student id (and an enrollment id, which a district's SIS names too) holds the district as well.
 * Works on a database with rows: every table but inbox_seen already had district_id, and inbox_seen's is filled from
 * the items it marks (else the student's directory row; a mark of nothing known marks nothing and is dropped, as the
 * next read mark writes it again). The communication log is only re-indexed (its rows are never updated).
 * The projections' held-back subjects become `<district>/<student>` as the runner now names them (subjectOf).
 */
export class DistrictScopedStudents1733500000000 implements MigrationInterface {
  name = 'DistrictScopedStudents1733500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE projection_incomplete pi SET subject = sd.district_id || '/' || pi.student_id
        FROM student_directory sd WHERE pi.student_id IS NOT NULL AND sd.student_id = pi.student_id AND pi.subject = pi.student_id;
      UPDATE projection_failures pf SET subject = sd.district_id || '/' || pf.student_id
        FROM student_directory sd WHERE pf.student_id IS NOT NULL AND sd.student_id = pf.student_id AND pf.subject = pf.student_id;

      ALTER TABLE student_directory DROP CONSTRAINT student_directory_pkey, ADD PRIMARY KEY (district_id, student_id);
      ALTER TABLE current_enrollments DROP CONSTRAINT current_enrollments_pkey, ADD PRIMARY KEY (district_id, enrollment_id);
      DROP INDEX IF EXISTS current_enrollments_student;
      CREATE INDEX current_enrollments_student ON current_enrollments (district_id, student_id);

      ALTER TABLE threads DROP CONSTRAINT threads_pkey, ADD PRIMARY KEY (district_id, student_id, staff_id);
      DROP INDEX IF EXISTS thread_messages_thread;
      CREATE INDEX thread_messages_thread ON thread_messages (district_id, student_id, staff_id, position);

      ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_pkey, ADD PRIMARY KEY (district_id, student_id, staff_id);
      ALTER TABLE inbox_seen ADD COLUMN district_id text;
      UPDATE inbox_seen s SET district_id = i.district_id
        FROM inbox_items i WHERE i.student_id = s.student_id AND i.staff_id = s.staff_id;
      UPDATE inbox_seen s SET district_id = sd.district_id
        FROM student_directory sd WHERE s.district_id IS NULL AND sd.student_id = s.student_id;
      DELETE FROM inbox_seen WHERE district_id IS NULL;
      ALTER TABLE inbox_seen ALTER COLUMN district_id SET NOT NULL,
        DROP CONSTRAINT inbox_seen_pkey, ADD PRIMARY KEY (user_id, district_id, student_id, staff_id);

      DROP INDEX IF EXISTS communication_log_student_revision;
      CREATE UNIQUE INDEX communication_log_student_revision ON communication_log (district_id, student_id, stream_revision);

      ALTER TABLE sms_simulator_messages ADD COLUMN IF NOT EXISTS district_id text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sms_simulator_messages DROP COLUMN IF EXISTS district_id;
      DROP INDEX IF EXISTS communication_log_student_revision;
      CREATE UNIQUE INDEX communication_log_student_revision ON communication_log (student_id, stream_revision);
      ALTER TABLE inbox_seen DROP CONSTRAINT inbox_seen_pkey, ADD PRIMARY KEY (user_id, student_id, staff_id);
      ALTER TABLE inbox_seen DROP COLUMN district_id;
      ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_pkey, ADD PRIMARY KEY (student_id, staff_id);
      DROP INDEX IF EXISTS thread_messages_thread;
      CREATE INDEX thread_messages_thread ON thread_messages (student_id, staff_id, position);
      ALTER TABLE threads DROP CONSTRAINT threads_pkey, ADD PRIMARY KEY (student_id, staff_id);
      DROP INDEX IF EXISTS current_enrollments_student;
      CREATE INDEX current_enrollments_student ON current_enrollments (student_id);
      ALTER TABLE current_enrollments DROP CONSTRAINT current_enrollments_pkey, ADD PRIMARY KEY (enrollment_id);
      ALTER TABLE student_directory DROP CONSTRAINT student_directory_pkey, ADD PRIMARY KEY (student_id);
    `);
  }
}
