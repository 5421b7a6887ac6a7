import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hash-chains the communication log per student (see src/projections/records/log-chain.ts).
 * Rows written before this migration carry no hashes, and hashes can only be computed from the events, so the log
 * is emptied and its checkpoint removed: the projection runner replays it from the event store on the next start.
 * TRUNCATE does not fire the append-only row trigger; nothing else may remove rows.
 */
export class LogHashChain1732500000000 implements MigrationInterface {
  name = 'LogHashChain1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      TRUNCATE communication_log;
      DELETE FROM projection_checkpoints WHERE name = 'communication-log';
      ALTER TABLE communication_log
        ADD COLUMN content_hash text NOT NULL,
        ADD COLUMN prev_hash text,
        ADD COLUMN entry_hash text NOT NULL;
      -- One entry per event: a second row claiming the same place in a student's stream is refused outright.
      DROP INDEX IF EXISTS communication_log_student;
      CREATE UNIQUE INDEX communication_log_student_revision ON communication_log (student_id, stream_revision);
      COMMENT ON COLUMN communication_log.content_hash IS 'sha256 of the canonical JSON of the row content';
      COMMENT ON COLUMN communication_log.prev_hash IS 'entry_hash of the student''s previous entry; NULL for the first';
      COMMENT ON COLUMN communication_log.entry_hash IS 'sha256(coalesce(prev_hash, ''genesis'') || '':'' || content_hash)';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS communication_log_student_revision;
      CREATE INDEX IF NOT EXISTS communication_log_student ON communication_log (student_id, stream_revision);
      ALTER TABLE communication_log DROP COLUMN IF EXISTS content_hash, DROP COLUMN IF EXISTS prev_hash, DROP COLUMN IF EXISTS entry_hash;
    `);
  }
}
