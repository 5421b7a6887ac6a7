import type { TableSpec } from '../runner/row-writer';

/** The threads' rows as the fold reads and returns them: column names as keys, times as text PostgreSQL parses. */
export interface MessageRow {
  message_id: string;
  student_id: string | null;
  staff_id: string | null;
  district_id: string | null;
  enrollment_id: string | null;
  direction: string;
  channel: string | null;
  body: string | null;
  status: string;
  failure_reason: string | null;
  error_code: string | null;
  provider_message_id: string | null;
  scheduled_for: string | null;
  flag: string | null;
  received_on: string | null;
  may_be_for_another_staff_member: boolean;
  moved_from_staff_id: string | null;
  created_at: string | null;
  status_at: string | null;
  position: string;
}

export interface ThreadRow {
  student_id: string | null;
  staff_id: string | null;
  district_id: string | null;
  message_count: number;
  last_message_at: string | null;
  last_direction: string;
  staff_name: string | null;
}

/** A text kept but shown in nobody's thread. Insert-only: the first event with an id wins. */
export interface UnroutedRow {
  message_id: string;
  student_id: string | null;
  district_id: string | null;
  from_number: string | null;
  body: string | null;
  reason: string | null;
  received_at: string | null;
  position: string;
}

export const MESSAGES: TableSpec<MessageRow> = {
  table: 'thread_messages',
  key: ['message_id'],
  columns: {
    message_id: 'text',
    student_id: 'text',
    staff_id: 'text',
    district_id: 'text',
    enrollment_id: 'text',
    direction: 'text',
    channel: 'text',
    body: 'text',
    status: 'text',
    failure_reason: 'text',
    error_code: 'text',
    provider_message_id: 'text',
    scheduled_for: 'timestamptz',
    flag: 'text',
    received_on: 'text',
    may_be_for_another_staff_member: 'boolean',
    moved_from_staff_id: 'text',
    created_at: 'timestamptz',
    status_at: 'timestamptz',
    position: 'bigint',
  },
};

export const THREADS: TableSpec<ThreadRow> = {
  table: 'threads',
  key: ['district_id', 'student_id', 'staff_id'],
  columns: {
    student_id: 'text',
    staff_id: 'text',
    district_id: 'text',
    message_count: 'int',
    last_message_at: 'timestamptz',
    last_direction: 'text',
    staff_name: 'text',
  },
};

export const UNROUTED: TableSpec<UnroutedRow> = {
  table: 'unrouted_inbound',
  key: ['message_id'],
  columns: {
    message_id: 'text',
    student_id: 'text',
    district_id: 'text',
    from_number: 'text',
    body: 'text',
    reason: 'text',
    received_at: 'timestamptz',
    position: 'bigint',
  },
};

export const SELECT_MESSAGE = `message_id, student_id, staff_id, district_id, enrollment_id, direction, channel, body, status, failure_reason, error_code,
  provider_message_id, scheduled_for::text AS scheduled_for, flag, received_on, may_be_for_another_staff_member, moved_from_staff_id,
  created_at::text AS created_at, status_at::text AS status_at, position::text AS position`;
export const SELECT_THREAD = `student_id, staff_id, district_id, message_count, last_message_at::text AS last_message_at, last_direction, staff_name`;

/** A thread's key (student, named by district and id since ids are scoped by district; staff member), as one string. */
export const threadKey = (districtId: string | null, studentId: string | null, staffId: string | null): string =>
  JSON.stringify([districtId, studentId, staffId]);
