import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the SMS simulator (the embedded default phone network) accepted, so that, like Twilio, it can still answer a
 * lookup after the service restarts (recovering a lost delivery report, or an attempt whose result was not recorded).
 * One row per provider copy; a resend of the same text is a new copy. Used only with SMS_GATEWAY=simulator.
 */
export class SmsSimulatorLog1732800000120 implements MigrationInterface {
  name = 'SmsSimulatorLog1732800000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sms_simulator_messages (
        provider_message_id text PRIMARY KEY,
        message_id text NOT NULL,
        student_id text NOT NULL,
        to_number text NOT NULL,
        body text NOT NULL,
        status text NOT NULL,
        accepted_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sms_simulator_messages_message ON sms_simulator_messages (message_id, accepted_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS sms_simulator_messages');
  }
}
