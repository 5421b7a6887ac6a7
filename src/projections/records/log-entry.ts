import type { RecordedEvent } from '../../application/ports/event-store.port';
import { mask } from '../../domain/shared/phone-number';
import type { RecordField, StudentEvent } from '../../domain/student/student.events';
import { scheduledNote, toDeliveryLogEntry, type DeliveryLogKind } from './delivery-log-entry';

export type LogKind =
  | DeliveryLogKind
  | 'registration'
  | 'enrollment'
  | 'sms_outbound'
  | 'sms_status'
  | 'sms_inbound'
  | 'sms_unrouted'
  | 'sms_moved'
  | 'call'
  | 'note'
  | 'opt_out'
  | 'contact_change'
  | 'correction'
  | 'record_correction';

export interface LogEntry {
  kind: LogKind;
  summary: string;
}

const RECORD_FIELD_WORDS: Record<RecordField, string> = {
  firstName: 'first name',
  lastName: 'last name',
  preferredName: 'preferred name',
  dateOfBirth: 'date of birth',
  username: 'username',
  timeZone: 'time zone',
};

/** Only on texts that were repaired, so the lines (and hashes) of every other entry stay as they were. */
const sanitizedNote = (d: { bodySanitized?: true }): string =>
  d.bodySanitized ? ' (characters that could not be stored were replaced with U+FFFD on arrival)' : '';
const who = (e: RecordedEvent): string => e.metadata.actor.initials ?? e.metadata.actor.name ?? e.metadata.actor.id;

/** The line a person reads in the communication log; the full event data stays in `details`. */
export function toLogEntry(event: RecordedEvent): LogEntry | null {
  const e = { type: event.type, data: event.data } as StudentEvent;
  switch (e.type) {
    case 'StudentRegistered':
      return {
        kind: 'registration',
        summary: `Student registered${e.data.smsNumber ? `, SMS number ${mask(e.data.smsNumber)} on file` : ', no SMS number on file'}`,
      };
    case 'EnrollmentStarted':
      return { kind: 'enrollment', summary: `Enrolled in ${e.data.courseName} with ${e.data.teacherName}` };
    case 'EnrollmentEnded':
      return {
        kind: 'enrollment',
        summary: `Enrollment ${e.data.enrollmentId} ended${e.data.reason ? `: ${e.data.reason}` : ''}`,
      };
    case 'SmsQueued':
      return {
        kind: 'sms_outbound',
        summary: `Text to student by ${who(event)}${scheduledNote(e.data)}: "${e.data.body}"`,
      };
    case 'SmsSent':
      return { kind: 'sms_status', summary: 'Text sent to the phone network' };
    case 'SmsDelivered':
      return { kind: 'sms_status', summary: 'Text delivered' };
    case 'SmsFailed':
      return {
        kind: 'sms_status',
        summary: `Text failed: ${e.data.reason}${e.data.errorCode ? ` (code ${e.data.errorCode})` : ''}`,
      };
    case 'SmsReceived':
      // The routing note only on replies that carry it: older entries keep the summary they were chained with.
      return {
        kind: 'sms_inbound',
        summary: `Reply from student (${e.data.channel === 'portal' ? 'portal' : 'text'})${e.data.mayBeForAnotherStaffMember ? ` to ${e.data.staffId}, may be meant for another staff member` : ''}: "${e.data.body}"${sanitizedNote(e.data)}`,
      };
    case 'InboundSmsMoved':
      return {
        kind: 'sms_moved',
        summary: `Reply ${e.data.messageId} moved from ${e.data.fromStaffId}'s thread to ${e.data.toStaffId}'s by ${who(event)}${e.data.reason ? ` (${e.data.reason})` : ''}`,
      };
    case 'InboundSmsUnrouted':
      return {
        kind: 'sms_unrouted',
        summary: `Text from student kept unrouted (no staff member has texted them yet): "${e.data.body}"${sanitizedNote(e.data)}`,
      };
    case 'NoteAdded':
      return { kind: 'note', summary: `Note by ${who(event)}: ${e.data.body}` };
    case 'CallLogged': {
      const d = e.data;
      const length = d.durationSeconds ? `, ${d.durationSeconds}s` : '';
      // A call logged as it happened keeps the line it always had; other kinds and back-dated ones say what and when.
      const what = d.medium === 'email' ? 'Email' : d.medium === 'meeting' ? 'Meeting' : 'Call';
      const when = d.occurredAt ? ` (happened ${d.occurredAt})` : '';
      return {
        kind: 'call',
        summary: `${what} (${d.direction}) with ${d.party}${when}: ${d.outcome.replace('_', ' ')}${length}, logged by ${who(event)}${d.notes ? ` - ${d.notes}` : ''}`,
      };
    }
    case 'SmsOptedOut':
      return { kind: 'opt_out', summary: e.data.note };
    // Corrections sit beside the original entry, which stays as it was written.
    case 'NoteAmended':
      return {
        kind: 'correction',
        summary: `Note ${e.data.noteId} amended by ${who(event)} (${e.data.reason}): ${e.data.body}`,
      };
    case 'EntryMarkedEnteredInError':
      return {
        kind: 'correction',
        summary: `${e.data.entryKind === 'note' ? 'Note' : 'Call'} ${e.data.entryId} marked entered in error by ${who(event)}: ${e.data.reason}`,
      };
    case 'ContactUpdated': {
      const c = e.data.changes;
      const parts: string[] = [];
      if (c.smsNumber !== undefined)
        parts.push(c.smsNumber ? `SMS number set to ${mask(c.smsNumber)}` : 'SMS number removed');
      if (c.address !== undefined) parts.push(c.address ? 'address changed' : 'address removed');
      if (c.listedContacts !== undefined) parts.push('listed contacts changed');
      return {
        kind: 'contact_change',
        summary: `Contact details changed by ${who(event)}: ${parts.join(', ')}${e.data.reason ? ` (${e.data.reason})` : ''}`,
      };
    }
    case 'StudentRecordCorrected':
      // Which fields, never their values: the line is the same for every reader, teachers included.
      return {
        kind: 'record_correction',
        summary: `Student record corrected by ${who(event)}: ${e.data.fields.map((f) => RECORD_FIELD_WORDS[f]).join(', ')}`,
      };
    default:
      return toDeliveryLogEntry(event);
  }
}
