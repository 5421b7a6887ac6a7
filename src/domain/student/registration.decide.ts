import { DomainError } from '../shared/domain-error';
import { isTextableNumber, normalizePhoneNumber } from '../shared/phone-number';
import { requireRole, requireStudent, type DecideContext } from './decide-context';
import type { Cmd } from './student.commands';
import type { ContactChanges, ListedContact, StudentEvent, StudentProfile } from './student.events';
import type { StudentState } from './student.state';
import { ENROLLMENT_ROLES, hasRole, RECORD_EDITORS } from '../shared/role-groups';

export function smsNumberOrNull(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const e164 = normalizePhoneNumber(raw);
  if (!isTextableNumber(e164)) {
    throw new DomainError(
      'NUMBER_NOT_TEXTABLE',
      'That number cannot receive text messages (not a mobile number).',
      'invalid',
      { field: 'smsNumber' },
    );
  }
  return e164;
}

const normalizeContacts = (contacts: ListedContact[]): ListedContact[] =>
  contacts.map((c) => ({ ...c, phone: c.phone ? normalizePhoneNumber(c.phone) : null }));

export function decideRegister(cmd: Cmd<'RegisterStudent'>, state: StudentState, ctx: DecideContext): StudentEvent[] {
  requireRole(ctx, ENROLLMENT_ROLES, 'register students');
  if (ctx.actor.districtId !== cmd.data.districtId) {
    throw new DomainError('FORBIDDEN_DISTRICT', 'You can only register students in your own district.', 'forbidden');
  }
  const profile: StudentProfile = {
    ...cmd.data,
    smsNumber: smsNumberOrNull(cmd.data.smsNumber),
    listedContacts: normalizeContacts(cmd.data.listedContacts),
  };
  if (state.profile) {
    // The SIS sync re-sends what it knows: the same registration twice is one fact.
    if (JSON.stringify(state.profile) === JSON.stringify(profile)) return [];
    throw new DomainError(
      'STUDENT_ALREADY_REGISTERED',
      'This student is already registered; change contact details instead.',
      'conflict',
    );
  }
  const { studentId, ...rest } = profile;
  return [{ type: 'StudentRegistered', data: { studentId, ...rest } }];
}

export function decideStartEnrollment(
  cmd: Cmd<'StartEnrollment'>,
  state: StudentState,
  ctx: DecideContext,
): StudentEvent[] {
  requireRole(ctx, ENROLLMENT_ROLES, 'start enrollments');
  const profile = requireStudent(state, ctx);
  const existing = state.enrollments.get(cmd.data.enrollmentId);
  if (existing) {
    const same = existing.courseId === cmd.data.courseId && existing.teacherId === cmd.data.teacherId;
    if (same && existing.active) return [];
    throw new DomainError('ENROLLMENT_EXISTS', 'An enrollment with this id already exists.', 'conflict');
  }
  return [{ type: 'EnrollmentStarted', data: { studentId: profile.studentId, ...cmd.data } }];
}

export function decideEndEnrollment(
  cmd: Cmd<'EndEnrollment'>,
  state: StudentState,
  ctx: DecideContext,
): StudentEvent[] {
  requireRole(ctx, ENROLLMENT_ROLES, 'end enrollments');
  const profile = requireStudent(state, ctx);
  const existing = state.enrollments.get(cmd.data.enrollmentId);
  if (!existing) throw new DomainError('ENROLLMENT_NOT_FOUND', 'This student has no such enrollment.', 'not_found');
  if (!existing.active) return [];
  return [{ type: 'EnrollmentEnded', data: { studentId: profile.studentId, ...cmd.data } }];
}

/** Rule 5: contact details change only through the school, never by a teacher. */
export function decideUpdateContact(
  cmd: Cmd<'UpdateContact'>,
  state: StudentState,
  ctx: DecideContext,
): StudentEvent[] {
  if (!hasRole(ctx.actor, RECORD_EDITORS)) {
    throw new DomainError(
      'CONTACT_CHANGE_NOT_ALLOWED',
      'Contact details change only through the school (registrar or school administrator). Ask the family to contact the school.',
      'forbidden',
    );
  }
  const profile = requireStudent(state, ctx);
  const changes: ContactChanges = {};
  const { smsNumber, address, listedContacts } = cmd.data.changes;
  if (smsNumber !== undefined) {
    const next = smsNumberOrNull(smsNumber);
    if (next !== profile.smsNumber || (next && state.optedOut)) changes.smsNumber = next;
  }
  if (address !== undefined && (address?.trim() || null) !== profile.address) changes.address = address?.trim() || null;
  if (listedContacts !== undefined) {
    const next = normalizeContacts(listedContacts);
    if (JSON.stringify(next) !== JSON.stringify(profile.listedContacts)) changes.listedContacts = next;
  }
  if (Object.keys(changes).length === 0) return [];
  return [
    {
      type: 'ContactUpdated',
      data: { studentId: profile.studentId, changes, previousSmsNumber: profile.smsNumber, reason: cmd.data.reason },
    },
  ];
}
