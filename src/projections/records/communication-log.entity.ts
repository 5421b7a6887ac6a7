import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../runner/bigint.transformer';

/** Append-only (a trigger refuses UPDATE and DELETE): every text, status, reply, call, note, opt-out, contact change. */
@Entity('communication_log')
export class CommunicationLogRow {
  @PrimaryColumn({ name: 'entry_id', type: 'uuid' }) entryId!: string;
  @Column({ type: 'bigint', transformer: bigintTransformer }) position!: bigint;
  @Column({ name: 'student_id' }) studentId!: string;
  @Column({ name: 'district_id' }) districtId!: string;
  @Column({ name: 'stream_revision', type: 'bigint', transformer: bigintTransformer }) streamRevision!: bigint;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  @Column() kind!: string;
  @Column({ name: 'event_type' }) eventType!: string;
  @Column({ name: 'actor_id' }) actorId!: string;
  @Column({ name: 'actor_role' }) actorRole!: string;
  @Column({ name: 'actor_initials', type: 'text', nullable: true }) actorInitials!: string | null;
  @Column() summary!: string;
  @Column({ type: 'jsonb' }) details!: Record<string, unknown>;
  /** Tamper evidence (log-chain.ts): hash of this row's content, the student's previous entry hash, and their chain. */
  @Column({ name: 'content_hash', type: 'text' }) contentHash!: string;
  @Column({ name: 'prev_hash', type: 'text', nullable: true }) prevHash!: string | null;
  @Column({ name: 'entry_hash', type: 'text' }) entryHash!: string;
}
