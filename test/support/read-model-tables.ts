import type { EventStore, ReadAllOptions, RecordedEvent } from '../../src/application/ports/event-store.port';

/** Each read-model table's key: the order its rows are compared in. */
export const TABLE_KEYS: Record<string, string> = {
  current_enrollments: 'district_id, enrollment_id',
  student_directory: 'district_id, student_id',
  district_policies: 'district_id',
  thread_messages: 'message_id',
  threads: 'district_id, student_id, staff_id',
  unrouted_inbound: 'message_id',
  communication_log: 'position',
  analytics_contacts: 'district_id, contact_id',
  analytics_enrollments: 'district_id, enrollment_id',
  inbox_items: 'district_id, student_id, staff_id',
  inbox_seen: 'user_id, district_id, student_id, staff_id',
  inbox_changes: 'position, seq',
};

/** Just enough of an event store for a rebuild: pages of a fixed log. */
export const logStore = (log: readonly RecordedEvent[]): EventStore =>
  ({
    readAll: async (options: ReadAllOptions = {}) =>
      log.filter((e) => e.position > (options.after ?? -1n)).slice(0, options.maxCount ?? log.length),
  }) as unknown as EventStore;
