import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff inbox (issue 16): one item per thread and per student's unrouted texts, each reader's own unread state,
 * and the change lines the live stream (GET /v1/me/events) resumes from. A projection like the others: the first
 * start after this migration replays the log into it (its checkpoint is new), and `projections rebuild` rebuilds it.
 * Also the keyset orders of the lists that now page with cursors: student search (last name, first name, id) and the
 * unrouted texts (log position).
 */
export class Inbox1733400000000 implements MigrationInterface {
  name = 'Inbox1733400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbox_items (
        student_id text NOT NULL,
        staff_id text NOT NULL,
        district_id text NOT NULL,
        last_message_id text NOT NULL,
        last_direction text NOT NULL,
        last_status text NOT NULL,
        last_at timestamptz NOT NULL,
        preview text,
        last_position bigint NOT NULL,
        inbound_count int NOT NULL DEFAULT 0,
        failed_count int NOT NULL DEFAULT 0,
        opt_out_at int NOT NULL DEFAULT 0,
        other_at int NOT NULL DEFAULT 0,
        pending_ids text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (student_id, staff_id)
      );
      CREATE INDEX inbox_items_district_newest ON inbox_items (district_id, last_position DESC, student_id DESC, staff_id DESC);
      CREATE TABLE inbox_seen (
        user_id text NOT NULL,
        student_id text NOT NULL,
        staff_id text NOT NULL,
        inbound_count int NOT NULL,
        failed_count int NOT NULL,
        PRIMARY KEY (user_id, student_id, staff_id)
      );
      CREATE TABLE inbox_changes (
        position bigint NOT NULL,
        seq int NOT NULL,
        student_id text NOT NULL,
        staff_id text NOT NULL,
        district_id text NOT NULL,
        user_id text,
        kind text NOT NULL,
        message_id text,
        status text,
        flag text,
        at timestamptz NOT NULL,
        PRIMARY KEY (position, seq)
      );
      CREATE INDEX student_directory_district_names ON student_directory (district_id, last_name, first_name, student_id);
      CREATE INDEX unrouted_inbound_district_position ON unrouted_inbound (district_id, position DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP INDEX IF EXISTS unrouted_inbound_district_position; DROP INDEX IF EXISTS student_directory_district_names; DROP TABLE IF EXISTS inbox_changes; DROP TABLE IF EXISTS inbox_seen; DROP TABLE IF EXISTS inbox_items;',
    );
  }
}
