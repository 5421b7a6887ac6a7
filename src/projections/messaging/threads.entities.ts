import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../runner/bigint.transformer';

@Entity('threads')
export class ThreadRow {
  @PrimaryColumn({ name: 'district_id' }) districtId!: string;
  @PrimaryColumn({ name: 'student_id' }) studentId!: string;
  @PrimaryColumn({ name: 'staff_id' }) staffId!: string;
  @Column({ name: 'message_count', type: 'int' }) messageCount!: number;
  @Column({ name: 'last_message_at', type: 'timestamptz' }) lastMessageAt!: Date;
  @Column({ name: 'last_direction' }) lastDirection!: string;
  /** The staff member's display name from their latest text (their token's name, else initials); null: none given. */
  @Column({ name: 'staff_name', type: 'text', nullable: true }) staffName!: string | null;
}

@Entity('thread_messages')
export class ThreadMessageRow {
  @PrimaryColumn({ name: 'message_id' }) messageId!: string;
  @Column({ name: 'student_id' }) studentId!: string;
  @Column({ name: 'staff_id' }) staffId!: string;
  @Column({ name: 'district_id' }) districtId!: string;
  @Column({ name: 'enrollment_id', type: 'text', nullable: true }) enrollmentId!: string | null;
  @Column() direction!: 'outbound' | 'inbound';
  @Column() channel!: 'sms' | 'portal';
  @Column() body!: string;
  @Column() status!: string;
  @Column({ name: 'failure_reason', type: 'text', nullable: true }) failureReason!: string | null;
  @Column({ name: 'error_code', type: 'text', nullable: true }) errorCode!: string | null;
  @Column({ name: 'provider_message_id', type: 'text', nullable: true }) providerMessageId!: string | null;
  /** A scheduled text's send time (quiet hours or the sender's choice). */
  @Column({ name: 'scheduled_for', type: 'timestamptz', nullable: true }) scheduledFor!: Date | null;
  /** For the staff member reading the thread, e.g. 'likely_opt_out_request' on a student's "please stop texting me". */
  @Column({ type: 'text', nullable: true }) flag!: string | null;
  /** A reply: which of our numbers it reached; whether routing fell back to "who texted last"; the thread it was moved from. */
  @Column({ name: 'received_on', type: 'text', nullable: true }) receivedOn!: string | null;
  @Column({ name: 'may_be_for_another_staff_member', type: 'boolean', default: false })
  mayBeForAnotherStaffMember!: boolean;
  @Column({ name: 'moved_from_staff_id', type: 'text', nullable: true }) movedFromStaffId!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'status_at', type: 'timestamptz' }) statusAt!: Date;
  @Column({ type: 'bigint', transformer: bigintTransformer }) position!: bigint;
}

/** Texts kept but shown in nobody's thread: no staff thread yet (teacher first), or a number nobody has. */
@Entity('unrouted_inbound')
export class UnroutedInboundRow {
  @PrimaryColumn({ name: 'message_id' }) messageId!: string;
  @Column({ name: 'student_id', type: 'text', nullable: true }) studentId!: string | null;
  @Column({ name: 'district_id' }) districtId!: string;
  @Column({ name: 'from_number', type: 'text', nullable: true }) fromNumber!: string | null;
  @Column() body!: string;
  @Column() reason!: string;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ type: 'bigint', transformer: bigintTransformer }) position!: bigint;
}
