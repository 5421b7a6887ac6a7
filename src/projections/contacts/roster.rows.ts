import type { SmsDisabledReason } from '../../domain/student/sms-eligibility';
import type { TableSpec } from '../runner/row-writer';

/**
 * The roster's rows as its fold reads and returns them: column names as keys, times and dates as the text PostgreSQL
 * gives and parses (never compared here), JSON columns as JSON text.
 */
export interface PolicyRow {
  district_id: string;
  sms_allowed: boolean;
  time_zone: string;
  quiet_start: string;
  quiet_end: string;
  allowed_link_hosts: string[];
}

export interface StudentRow {
  student_id: string;
  district_id: string;
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  sms_number: string | null;
  opted_out: boolean;
  sms_number_invalid: boolean;
  opted_out_number: string | null;
  time_zone: string | null;
  listed_contacts: string;
  last_outbound_at: string | null;
  registered_at: string;
}

export interface EnrollmentRow {
  enrollment_id: string;
  student_id: string;
  district_id: string;
  course_id: string;
  course_name: string;
  teacher_id: string;
  teacher_name: string;
  student_first_name: string;
  started_on: string;
  sms_enabled: boolean;
  sms_disabled_reason: SmsDisabledReason | null;
  last_contact_at: string | null;
}

/** What SMS Enabled depends on in a student's row (the fan-out of a district's change loads only these). */
export type StudentSmsFields = Pick<
  StudentRow,
  'student_id' | 'district_id' | 'opted_out' | 'sms_number' | 'sms_number_invalid'
>;

export const POLICIES: TableSpec<PolicyRow> = {
  table: 'district_policies',
  key: ['district_id'],
  columns: {
    district_id: 'text',
    sms_allowed: 'boolean',
    time_zone: 'text',
    quiet_start: 'text',
    quiet_end: 'text',
    allowed_link_hosts: 'text[]',
  },
};

export const STUDENTS: TableSpec<StudentRow> = {
  table: 'student_directory',
  key: ['district_id', 'student_id'],
  columns: {
    student_id: 'text',
    district_id: 'text',
    first_name: 'text',
    last_name: 'text',
    preferred_name: 'text',
    sms_number: 'text',
    opted_out: 'boolean',
    sms_number_invalid: 'boolean',
    opted_out_number: 'text',
    time_zone: 'text',
    listed_contacts: 'jsonb',
    last_outbound_at: 'timestamptz',
    registered_at: 'timestamptz',
  },
};

export const ENROLLMENTS: TableSpec<EnrollmentRow> = {
  table: 'current_enrollments',
  key: ['district_id', 'enrollment_id'],
  columns: {
    enrollment_id: 'text',
    student_id: 'text',
    district_id: 'text',
    course_id: 'text',
    course_name: 'text',
    teacher_id: 'text',
    teacher_name: 'text',
    student_first_name: 'text',
    started_on: 'date',
    sms_enabled: 'boolean',
    sms_disabled_reason: 'text',
    last_contact_at: 'timestamptz',
  },
};

/** The SELECT list that reads a table's rows in the shape above. */
export const SELECT_POLICY = `district_id, sms_allowed, time_zone, quiet_start, quiet_end, allowed_link_hosts`;
export const SELECT_STUDENT = `student_id, district_id, first_name, last_name, preferred_name, sms_number, opted_out, sms_number_invalid, opted_out_number,
  time_zone, listed_contacts::text AS listed_contacts, last_outbound_at::text AS last_outbound_at, registered_at::text AS registered_at`;
export const SELECT_ENROLLMENT = `enrollment_id, student_id, district_id, course_id, course_name, teacher_id, teacher_name, student_first_name,
  started_on::text AS started_on, sms_enabled, sms_disabled_reason, last_contact_at::text AS last_contact_at`;

/**
 * Rows' keys as one string. Student ids are scoped by district, and so are enrollment ids (a district's SIS names
 * them): a student and an enrollment are each named by district and id.
 */
export const rosterKey = (districtId: string, id: string): string => `${districtId}/${id}`;
