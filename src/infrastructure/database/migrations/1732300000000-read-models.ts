import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The three read models of the core (current enrollments, threads, communication log) and their checkpoints. */
export class ReadModels1732300000000 implements MigrationInterface {
  name = 'ReadModels1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projection_checkpoints (
        name text PRIMARY KEY,
        position bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE reaction_checkpoints (
        name text PRIMARY KEY,
        position bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE district_policies (
        district_id text PRIMARY KEY,
        sms_allowed boolean NOT NULL,
        time_zone text NOT NULL,
        quiet_start text NOT NULL,
        quiet_end text NOT NULL,
        allowed_link_hosts text[] NOT NULL
      );
      CREATE TABLE student_directory (
        student_id text PRIMARY KEY,
        district_id text NOT NULL,
        first_name text NOT NULL,
        last_name text NOT NULL,
        preferred_name text,
        sms_number text,
        opted_out boolean NOT NULL DEFAULT false,
        time_zone text,
        last_outbound_at timestamptz,
        registered_at timestamptz NOT NULL
      );
      CREATE INDEX student_directory_sms_number ON student_directory (sms_number) WHERE sms_number IS NOT NULL;
      CREATE INDEX student_directory_district ON student_directory (district_id);
      CREATE TABLE current_enrollments (
        enrollment_id text PRIMARY KEY,
        student_id text NOT NULL,
        district_id text NOT NULL,
        course_id text NOT NULL,
        course_name text NOT NULL,
        teacher_id text NOT NULL,
        teacher_name text NOT NULL,
        student_first_name text NOT NULL,
        started_on date NOT NULL,
        sms_enabled boolean NOT NULL,
        sms_disabled_reason text,
        last_contact_at timestamptz
      );
      CREATE INDEX current_enrollments_teacher ON current_enrollments (teacher_id, course_id);
      CREATE INDEX current_enrollments_student ON current_enrollments (student_id);
      CREATE INDEX current_enrollments_district ON current_enrollments (district_id, course_id);

      CREATE TABLE threads (
        student_id text NOT NULL,
        staff_id text NOT NULL,
        district_id text NOT NULL,
        message_count integer NOT NULL,
        last_message_at timestamptz NOT NULL,
        last_direction text NOT NULL,
        PRIMARY KEY (student_id, staff_id)
      );
      CREATE INDEX threads_staff ON threads (staff_id, last_message_at DESC);
      CREATE TABLE thread_messages (
        message_id text PRIMARY KEY,
        student_id text NOT NULL,
        staff_id text NOT NULL,
        district_id text NOT NULL,
        enrollment_id text,
        direction text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
        channel text NOT NULL CHECK (channel IN ('sms', 'portal')),
        body text NOT NULL,
        status text NOT NULL,
        failure_reason text,
        error_code text,
        provider_message_id text,
        created_at timestamptz NOT NULL,
        status_at timestamptz NOT NULL,
        position bigint NOT NULL
      );
      CREATE INDEX thread_messages_thread ON thread_messages (student_id, staff_id, position);
      CREATE TABLE unrouted_inbound (
        message_id text PRIMARY KEY,
        student_id text,
        district_id text NOT NULL,
        from_number text,
        body text NOT NULL,
        reason text NOT NULL,
        received_at timestamptz NOT NULL,
        position bigint NOT NULL
      );
      CREATE INDEX unrouted_inbound_district ON unrouted_inbound (district_id, received_at DESC);

      CREATE TABLE communication_log (
        entry_id uuid PRIMARY KEY,
        position bigint NOT NULL UNIQUE,
        student_id text NOT NULL,
        district_id text NOT NULL,
        stream_revision bigint NOT NULL,
        occurred_at timestamptz NOT NULL,
        kind text NOT NULL,
        event_type text NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        actor_initials text,
        summary text NOT NULL,
        details jsonb NOT NULL
      );
      CREATE INDEX communication_log_student ON communication_log (student_id, stream_revision);

      -- The communication log is a record: the database itself refuses to change or remove an entry.
      CREATE FUNCTION communication_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'communication_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER communication_log_no_update_delete BEFORE UPDATE OR DELETE ON communication_log
        FOR EACH ROW EXECUTE FUNCTION communication_log_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS communication_log, unrouted_inbound, thread_messages, threads, current_enrollments,
        student_directory, district_policies, reaction_checkpoints, projection_checkpoints;
      DROP FUNCTION IF EXISTS communication_log_append_only();
    `);
  }
}
