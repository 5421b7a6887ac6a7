import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ListedContact } from '../../domain/student/student.events';

@Entity('district_policies')
export class DistrictPolicyRow {
  @PrimaryColumn({ name: 'district_id' }) districtId!: string;
  @Column({ name: 'sms_allowed' }) smsAllowed!: boolean;
  @Column({ name: 'time_zone' }) timeZone!: string;
  @Column({ name: 'quiet_start' }) quietStart!: string;
  @Column({ name: 'quiet_end' }) quietEnd!: string;
  @Column({ name: 'allowed_link_hosts', type: 'text', array: true }) allowedLinkHosts!: string[];
}

@Entity('student_directory')
export class StudentDirectoryRow {
  @PrimaryColumn({ name: 'district_id' }) districtId!: string;
  @PrimaryColumn({ name: 'student_id' }) studentId!: string;
  @Column({ name: 'first_name' }) firstName!: string;
  @Column({ name: 'last_name' }) lastName!: string;
  @Column({ name: 'preferred_name', type: 'text', nullable: true }) preferredName!: string | null;
  @Column({ name: 'sms_number', type: 'text', nullable: true }) smsNumber!: string | null;
  @Column({ name: 'opted_out' }) optedOut!: boolean;
  @Column({ name: 'sms_number_invalid' }) smsNumberInvalid!: boolean;
  /** The number an opt-out removed, so texts from it (START, a retried STOP) still reach the student's record. */
  @Column({ name: 'opted_out_number', type: 'text', nullable: true }) optedOutNumber!: string | null;
  @Column({ name: 'time_zone', type: 'text', nullable: true }) timeZone!: string | null;
  /** The people listed for the student (name, relationship, phone): shown to the student's staff, never to the student. */
  @Column({ name: 'listed_contacts', type: 'jsonb' }) listedContacts!: ListedContact[];
  @Column({ name: 'last_outbound_at', type: 'timestamptz', nullable: true }) lastOutboundAt!: Date | null;
  @Column({ name: 'registered_at', type: 'timestamptz' }) registeredAt!: Date;
}

/** One row per ACTIVE enrollment: the portal's Current Enrollments screen, with its SMS Enabled column. */
@Entity('current_enrollments')
export class CurrentEnrollmentRow {
  @PrimaryColumn({ name: 'district_id' }) districtId!: string;
  @PrimaryColumn({ name: 'enrollment_id' }) enrollmentId!: string;
  @Column({ name: 'student_id' }) studentId!: string;
  @Column({ name: 'course_id' }) courseId!: string;
  @Column({ name: 'course_name' }) courseName!: string;
  @Column({ name: 'teacher_id' }) teacherId!: string;
  @Column({ name: 'teacher_name' }) teacherName!: string;
  @Column({ name: 'student_first_name' }) studentFirstName!: string;
  @Column({ name: 'started_on', type: 'date' }) startedOn!: string;
  @Column({ name: 'sms_enabled' }) smsEnabled!: boolean;
  @Column({ name: 'sms_disabled_reason', type: 'text', nullable: true }) smsDisabledReason!: string | null;
  @Column({ name: 'last_contact_at', type: 'timestamptz', nullable: true }) lastContactAt!: Date | null;
}
