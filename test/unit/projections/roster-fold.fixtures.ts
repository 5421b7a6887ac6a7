/** Events and rows the roster fold's tests start from. */
import type { RosterRows } from '../../../src/projections/contacts/roster.fold';
import type { EnrollmentRow, PolicyRow, StudentRow } from '../../../src/projections/contacts/roster.rows';
import type { Given } from './given';

export const policy = (smsAllowed: boolean): Given => [
  'district-d1',
  'DistrictSmsPolicySet',
  {
    districtId: 'd1',
    smsAllowed,
    timeZone: 'America/Chicago',
    quietHours: { start: '08:00', end: '21:00' },
    allowedLinkHosts: [],
  },
  { actor: 'adm' },
];
export const registered = (
  id: string,
  smsNumber: string | null = '+12015550101',
  more: Record<string, unknown> = {},
): Given => [
  `student-${id}`,
  'StudentRegistered',
  {
    studentId: id,
    districtId: 'd1',
    firstName: 'Sarah',
    lastName: 'Smith',
    preferredName: null,
    smsNumber,
    timeZone: null,
    ...more,
  },
  { actor: 'sis' },
];
export const enrolled = (id: string, enrollmentId: string, teacherId = 't1'): Given => [
  `student-${id}`,
  'EnrollmentStarted',
  {
    studentId: id,
    enrollmentId,
    courseId: 'bio',
    courseName: 'Biology',
    teacherId,
    teacherName: 'Amy Bell',
    startedOn: '2026-09-01',
  },
  { actor: 'sis' },
];

export const none: RosterRows = { policies: new Map(), students: new Map(), enrollments: new Map(), fanOut: new Map() };

export const studentRow = (id: string, over: Partial<StudentRow> = {}): StudentRow => ({
  student_id: id,
  district_id: 'd1',
  first_name: 'Sarah',
  last_name: 'Smith',
  preferred_name: null,
  sms_number: '+12015550101',
  opted_out: false,
  sms_number_invalid: false,
  opted_out_number: null,
  time_zone: null,
  listed_contacts: '[]',
  last_outbound_at: null,
  registered_at: '2026-09-01 15:00:00+00',
  ...over,
});
export const enrollmentRow = (id: string, studentId: string, over: Partial<EnrollmentRow> = {}): EnrollmentRow => ({
  enrollment_id: id,
  student_id: studentId,
  district_id: 'd1',
  course_id: 'bio',
  course_name: 'Biology',
  teacher_id: 't1',
  teacher_name: 'Amy Bell',
  student_first_name: 'Sarah',
  started_on: '2026-09-01',
  sms_enabled: true,
  sms_disabled_reason: null,
  last_contact_at: null,
  ...over,
});
export const allowed: PolicyRow = {
  district_id: 'd1',
  sms_allowed: true,
  time_zone: 'America/Chicago',
  quiet_start: '08:00',
  quiet_end: '21:00',
  allowed_link_hosts: [],
};
