import type { LogEntryView } from '../../application/records/communication-log.queries';
import type { Actor } from '../../domain/shared/actor';

/**
 * Student data a teacher's view of the profile does not show (FERPA's minimum necessary): the log a teacher reads
 * leaves these out of every entry's details, at any depth (a contact change carries them under `changes`).
 */
const NOT_FOR_TEACHERS = new Set([
  'dateOfBirth',
  'address',
  'username',
  'listedContacts',
  'previousSmsNumber',
  'removedNumber',
  'optedOutNumber',
]);

/** The sentence a teacher reads in place of a text in a colleague's thread: that it happened, not what it said. */
export const COLLEAGUE_TEXT =
  "A text in another staff member's thread (its content is shown only to that staff member and the school).";

/**
 * The log entry as this reader may see it. The school (registrar, school admin) and compliance see entries whole.
 * A teacher sees what the thread route would show them: the texts of their own thread, not a colleague's (an entry
 * whose event data carries a text body and another staff member's `staffId`), and no student data beyond their profile view.
 */
export function visibleLogEntry(actor: Actor, entry: LogEntryView): LogEntryView {
  if (actor.role !== 'teacher') return entry;
  if (entry.eventType === 'StudentRecordCorrected')
    return { ...entry, details: recordCorrectionForTeachers(entry.details) };
  const details = withoutKeys(entry.details, NOT_FOR_TEACHERS) as { data?: Record<string, unknown> } & Record<
    string,
    unknown
  >;
  const data = details.data;
  if (data && 'body' in data && typeof data.staffId === 'string' && data.staffId !== actor.id) {
    const { body: _hidden, ...rest } = data;
    return { ...entry, summary: COLLEAGUE_TEXT, details: { ...details, data: rest } };
  }
  return { ...entry, details };
}

/**
 * A record correction as a teacher may see it: that it happened and which fields, not the values (new names are in
 * their profile view, a date of birth or username is not) nor the school's reason, which may quote them.
 */
function recordCorrectionForTeachers(details: Record<string, unknown>): Record<string, unknown> {
  const data = details.data as { studentId?: unknown; fields?: unknown } | undefined;
  return { ...details, data: { studentId: data?.studentId, fields: data?.fields } };
}

function withoutKeys(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutKeys(v, keys));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!keys.has(k)) out[k] = withoutKeys(v, keys);
  return out;
}
