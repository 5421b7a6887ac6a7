import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sender pools and reply routing (issue 12): which of our numbers a reply reached, whether routing had to guess, the
 * thread a moved reply came from, and the staff member's display name for the student's portal.
 */
export class SenderPools1733200000000 implements MigrationInterface {
  name = 'SenderPools1733200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE thread_messages
        ADD COLUMN received_on text,
        ADD COLUMN may_be_for_another_staff_member boolean NOT NULL DEFAULT false,
        ADD COLUMN moved_from_staff_id text;
      ALTER TABLE threads ADD COLUMN staff_name text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE threads DROP COLUMN IF EXISTS staff_name;
      ALTER TABLE thread_messages DROP COLUMN IF EXISTS moved_from_staff_id, DROP COLUMN IF EXISTS may_be_for_another_staff_member, DROP COLUMN IF EXISTS received_on;
    `);
  }
}
