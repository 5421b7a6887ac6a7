import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Isolation of events a projection cannot apply (src/projections/runner/isolating-writer.ts): each such event is
 * recorded in projection_failures (never its body: the error text is scrubbed of quoted values), and the student (or,
 * for an event of no student, its stream) is marked incomplete in that projection from that event on. Later events of
 * the same subject are held (counted, not applied) until an operator retries them (`projections retry`), so a read
 * model never silently skips a middle event; every other subject goes on.
 * Also: TRUNCATE does not fire the communication log's row trigger, so a statement-level trigger refuses it.
 */
export class ProjectionFailures1732800000000 implements MigrationInterface {
  name = 'ProjectionFailures1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projection_failures (
        id bigserial PRIMARY KEY,
        projection text NOT NULL,
        position bigint NOT NULL,
        stream_id text NOT NULL,
        subject text NOT NULL,
        student_id text,
        event_type text NOT NULL,
        error text NOT NULL,
        attempts integer NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT projection_failures_event UNIQUE (projection, position)
      );
      CREATE TABLE projection_incomplete (
        projection text NOT NULL,
        subject text NOT NULL,
        student_id text,
        from_position bigint NOT NULL,
        held_events integer NOT NULL DEFAULT 0,
        last_position bigint NOT NULL,
        PRIMARY KEY (projection, subject)
      );
      CREATE INDEX projection_incomplete_student ON projection_incomplete (student_id);
      CREATE FUNCTION communication_log_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'communication_log is append-only: TRUNCATE is not allowed' USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER communication_log_no_truncate BEFORE TRUNCATE ON communication_log
        FOR EACH STATEMENT EXECUTE FUNCTION communication_log_no_truncate();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS communication_log_no_truncate ON communication_log;
      DROP FUNCTION IF EXISTS communication_log_no_truncate();
      DROP TABLE IF EXISTS projection_incomplete, projection_failures;
    `);
  }
}
