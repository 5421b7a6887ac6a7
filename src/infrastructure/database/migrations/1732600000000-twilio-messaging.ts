import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sending through Twilio: scheduled texts and flags on thread messages; on the directory, the number flagged invalid
 * (SMS Enabled says so until the registrar changes it) and the number an opt-out removed (so a later START or a
 * retried STOP from that number still finds the student instead of landing in the unmatched inbox).
 */
export class TwilioMessaging1732600000000 implements MigrationInterface {
  name = 'TwilioMessaging1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE thread_messages ADD COLUMN scheduled_for timestamptz, ADD COLUMN flag text;
      ALTER TABLE student_directory ADD COLUMN sms_number_invalid boolean NOT NULL DEFAULT false, ADD COLUMN opted_out_number text;
      CREATE INDEX student_directory_opted_out_number ON student_directory (opted_out_number) WHERE opted_out_number IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS student_directory_opted_out_number;
      ALTER TABLE student_directory DROP COLUMN IF EXISTS opted_out_number, DROP COLUMN IF EXISTS sms_number_invalid;
      ALTER TABLE thread_messages DROP COLUMN IF EXISTS flag, DROP COLUMN IF EXISTS scheduled_for;
    `);
  }
}
