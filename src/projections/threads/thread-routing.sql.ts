import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { StudentEvent } from '../../domain/student/student.events';
import type { SqlTx } from '../runner/projection';

/** The name a student sees for a staff member: their token's display name, else their initials (never the id). */
export const staffNameOf = (event: RecordedEvent): string | null => event.metadata.actor.name ?? event.metadata.actor.initials ?? null;

/**
 * Thread rows for sender pools and reply routing, after the core's statements for the same event: the staff member's
 * name on their thread (from their texts), which of our numbers a reply reached and whether routing had to guess,
 * and a reply moved by staff: out of the first thread (its count drops), into the second (counted, as its latest
 * activity), with where it came from. A move of a reply the table does not have, or to where it is, changes nothing.
 */
export async function applyRoutingEvent(tx: SqlTx, event: RecordedEvent, at: string): Promise<void> {
  const e = { type: event.type, data: event.data } as StudentEvent;
  switch (e.type) {
    case 'SmsQueued': {
      const name = staffNameOf(event);
      if (name !== null) await tx.query('UPDATE threads SET staff_name = $3 WHERE student_id = $1 AND staff_id = $2', [e.data.studentId, e.data.staffId, name]);
      return;
    }
    case 'SmsReceived':
      // Only on the row this very event inserted (its position): a repeated message id changes nothing, as the insert.
      if (e.data.receivedOn || e.data.mayBeForAnotherStaffMember) {
        await tx.query(
          'UPDATE thread_messages SET received_on = $2, may_be_for_another_staff_member = $3 WHERE message_id = $1 AND position = $4',
          [e.data.messageId, e.data.receivedOn ?? null, e.data.mayBeForAnotherStaffMember === true, event.position.toString()],
        );
      }
      return;
    case 'InboundSmsMoved': {
      const [moved] = await tx.query<{ student_id: string; district_id: string; moved_from_staff_id: string }>(
        `WITH m AS (UPDATE thread_messages SET staff_id = $2, moved_from_staff_id = staff_id, may_be_for_another_staff_member = false
                     WHERE message_id = $1 AND direction = 'inbound' AND staff_id <> $2 RETURNING student_id, district_id, moved_from_staff_id)
         SELECT * FROM m`,
        [e.data.messageId, e.data.toStaffId],
      );
      if (!moved) return;
      await tx.query('UPDATE threads SET message_count = message_count - 1 WHERE student_id = $1 AND staff_id = $2', [moved.student_id, moved.moved_from_staff_id]);
      await tx.query(
        `INSERT INTO threads (student_id, staff_id, district_id, message_count, last_message_at, last_direction) VALUES ($1,$2,$3,1,$4,'inbound')
         ON CONFLICT (student_id, staff_id) DO UPDATE SET message_count = threads.message_count + 1,
           last_message_at = GREATEST(threads.last_message_at, EXCLUDED.last_message_at), last_direction = EXCLUDED.last_direction`,
        [moved.student_id, e.data.toStaffId, moved.district_id, at],
      );
      return;
    }
    default:
      return;
  }
}
