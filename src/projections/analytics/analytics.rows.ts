import type { TableSpec } from '../runner/row-writer';

/** The analytics facts as the fold reads and returns them: column names as keys, times and dates as PostgreSQL's text. */
export interface EnrollmentFact {
  enrollment_id: string;
  student_id: string | null;
  district_id: string | null;
  course_id: string | null;
  teacher_id: string | null;
  started_on: string | null;
  ended_on: string | null;
  pacing_status: string | null;
  behind_since: string | null;
}

export interface ContactFact {
  contact_id: string;
  district_id: string | null;
  student_id: string | null;
  staff_id: string | null;
  enrollment_id: string | null;
  course_id: string | null;
  kind: string;
  at: string | null;
  status: string | null;
  entered_in_error: boolean;
}

/** A staff member's latest text to a student (LAST_TEXT_ORDER), as loaded: `us`, its time in microseconds. */
export interface LastText {
  contact_id: string;
  enrollment_id: string | null;
  us: number;
}

export const ENROLLMENT_FACTS: TableSpec<EnrollmentFact> = {
  table: 'analytics_enrollments',
  key: ['district_id', 'enrollment_id'],
  columns: {
    enrollment_id: 'text',
    student_id: 'text',
    district_id: 'text',
    course_id: 'text',
    teacher_id: 'text',
    started_on: 'date',
    ended_on: 'date',
    pacing_status: 'text',
    behind_since: 'timestamptz',
  },
};

export const CONTACT_FACTS: TableSpec<ContactFact> = {
  table: 'analytics_contacts',
  key: ['district_id', 'contact_id'],
  columns: {
    contact_id: 'text',
    district_id: 'text',
    student_id: 'text',
    staff_id: 'text',
    enrollment_id: 'text',
    course_id: 'text',
    kind: 'text',
    at: 'timestamptz',
    status: 'text',
    entered_in_error: 'boolean',
  },
};

export const SELECT_ENROLLMENT_FACT = `e.enrollment_id, e.student_id, e.district_id, e.course_id, e.teacher_id, e.started_on::text AS started_on,
  e.ended_on::text AS ended_on, e.pacing_status, e.behind_since::text AS behind_since`;
export const SELECT_CONTACT_FACT = `contact_id, district_id, student_id, staff_id, enrollment_id, course_id, kind, at::text AS at, status, entered_in_error`;

/**
 * A fact's key in the fold's maps, as in the tables': its district and its id. Ids are scoped by district (a district's
 * SIS names its enrollments, its students and teachers): the same id in two districts is two facts.
 */
export const factKey = (districtId: string | null, id: string): string => `${districtId ?? ''}\u0000${id}`;
/** A key of two ids in a district (a student and a staff member); null when any is NULL (SQL's `=` never matches NULL). */
export const pairKey = (districtId: string | null, a: string | null, b: string | null): string | null =>
  districtId === null || a === null || b === null ? null : `${districtId}\u0000${a}\u0000${b}`;
