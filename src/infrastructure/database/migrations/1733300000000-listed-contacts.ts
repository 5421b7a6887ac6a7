import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The people listed for a student (FERPA: share nothing with anyone not listed), in the roster's directory so that
 * the student's staff see them on the profile (issue 15). Rows written before this column have no list, and an empty
 * one would claim "nobody is listed": the roster is emptied and its checkpoint removed, so the projection runner
 * replays it from the event store on the next start (as the log's hash-chain migration did). Its isolated events go
 * with it: the replay isolates again whatever still fails.
 */
export class ListedContacts1733300000000 implements MigrationInterface {
  name = 'ListedContacts1733300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE student_directory ADD COLUMN listed_contacts jsonb NOT NULL DEFAULT '[]';
      TRUNCATE current_enrollments, student_directory, district_policies;
      DELETE FROM projection_checkpoints WHERE name = 'roster';
      DELETE FROM projection_failures WHERE projection = 'roster';
      DELETE FROM projection_incomplete WHERE projection = 'roster';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE student_directory DROP COLUMN IF EXISTS listed_contacts');
  }
}
