import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How far the live inbox's change lines were pruned (INBOX_EVENTS_RETENTION_HOURS): one row, the highest log position
 * deleted. A stream whose cursor is at or below it may have missed lines and is told to reload; one above it has
 * every line after its cursor (inbox-changes.reader.ts). Not part of the inbox projection: a rebuild writes every line
 * again, and this mark then only makes an old cursor reload once more, never miss a line.
 */
export class InboxChangesPruned1733800000000 implements MigrationInterface {
  name = 'InboxChangesPruned1733800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE inbox_changes_pruned (id int PRIMARY KEY CHECK (id = 1), through bigint NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS inbox_changes_pruned');
  }
}
