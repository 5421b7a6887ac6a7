import { isTimeZone } from '../district/district.decide';
import { DomainError } from '../shared/domain-error';
import { MAX_REASON_LENGTH } from './corrections.decide';
import { requireStudent, requireText, type DecideContext } from './decide-context';
import type { Cmd } from './student.commands';
import { RECORD_FIELDS, type RecordChanges, type RecordField, type StudentEvent } from './student.events';
import type { StudentState } from './student.state';
import { hasRole, RECORD_EDITORS } from '../shared/role-groups';

const MAX_NAME_LENGTH = 100;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The school (registrar, school administrator; never a teacher, never compliance) corrects a student's own record:
 * names, date of birth, portal username, time zone. Recorded as one event naming the fields that changed and why;
 * fields sent with the value already on file are left out, and a correction that changes nothing records nothing.
 */
export function decideCorrectStudentRecord(
  cmd: Cmd<'CorrectStudentRecord'>,
  state: StudentState,
  ctx: DecideContext,
): StudentEvent[] {
  if (!hasRole(ctx.actor, RECORD_EDITORS)) {
    throw new DomainError(
      'RECORD_CHANGE_NOT_ALLOWED',
      "A student's record is corrected only by the school (registrar or school administrator).",
      'forbidden',
    );
  }
  const profile = requireStudent(state, ctx);
  const asked = RECORD_FIELDS.filter((f) => cmd.data.changes[f] !== undefined);
  if (asked.length === 0)
    throw new DomainError(
      'NOTHING_TO_CORRECT',
      `Name at least one field to correct (${RECORD_FIELDS.join(', ')}).`,
      'invalid',
    );
  const reason = requireText(cmd.data.reason, MAX_REASON_LENGTH, 'REASON_REQUIRED', 'reason for the correction');
  const next = normalized(cmd.data.changes, ctx.now);
  const fields = asked.filter((f) => next[f] !== profile[f]);
  if (fields.length === 0) return [];
  const correctedValues: RecordChanges = {};
  for (const f of fields) Object.assign(correctedValues, { [f]: next[f] });
  return [{ type: 'StudentRecordCorrected', data: { studentId: profile.studentId, fields, correctedValues, reason } }];
}

/** Each asked field as it would be stored: trimmed, empty optional text as null; refuses what cannot be a value. */
function normalized(changes: RecordChanges, now: Date): Partial<Record<RecordField, string | null>> {
  const out: Partial<Record<RecordField, string | null>> = {};
  for (const f of ['firstName', 'lastName'] as const) {
    const v = changes[f];
    if (v !== undefined)
      out[f] = requireText(v ?? '', MAX_NAME_LENGTH, 'INVALID_NAME', f === 'firstName' ? 'first name' : 'last name');
  }
  for (const f of ['preferredName', 'username'] as const) {
    const v = changes[f];
    if (v === undefined) continue;
    const text = v?.trim() || null;
    if (text && text.length > MAX_NAME_LENGTH)
      throw new DomainError(
        'INVALID_NAME',
        `The ${f === 'username' ? 'username' : 'preferred name'} is ${text.length} characters; the limit is ${MAX_NAME_LENGTH}.`,
        'invalid',
        { field: f },
      );
    out[f] = text;
  }
  if (changes.dateOfBirth !== undefined) out.dateOfBirth = birthDate(changes.dateOfBirth, now);
  if (changes.timeZone !== undefined) {
    const zone = changes.timeZone?.trim() || null;
    if (zone && !isTimeZone(zone))
      throw new DomainError('INVALID_TIME_ZONE', `"${zone}" is not an IANA time zone.`, 'invalid', {
        field: 'timeZone',
      });
    out.timeZone = zone;
  }
  return out;
}

/** A real calendar day (no 2009-02-30), not after today. */
function birthDate(value: string | null, now: Date): string | null {
  if (value === null || value.trim() === '') return null;
  const m = ISO_DATE.exec(value.trim());
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !day || day.toISOString().slice(0, 10) !== m[0]) {
    throw new DomainError(
      'INVALID_DATE_OF_BIRTH',
      'The date of birth must be a real day written YYYY-MM-DD.',
      'invalid',
      { field: 'dateOfBirth' },
    );
  }
  if (day.getTime() > now.getTime())
    throw new DomainError('INVALID_DATE_OF_BIRTH', 'The date of birth is in the future.', 'invalid', {
      field: 'dateOfBirth',
    });
  return m[0];
}
