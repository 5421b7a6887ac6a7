import type { Actor, Role } from '../../domain/shared/actor';
import { DomainError } from '../../domain/shared/domain-error';
import { studentStreamId, type StudentRegistered } from '../../domain/student/student.events';
import type { EventStore } from '../ports/event-store.port';
import { RECORD_EDITORS } from '../../domain/shared/role-groups';

export type ComplianceRead = 'history' | 'log_verification' | 'access' | 'export';

/**
 * Compliance reads of a whole record. Compliance reads any student of its district and changes nothing; the school
 * administrator answers for the district too; the registrar handles records requests (exports). `system` is the
 * operations CLI at the server, whose operator names themselves and states a purpose.
 */
export const COMPLIANCE_READERS: Record<ComplianceRead, readonly Role[]> = {
  history: ['compliance', 'school_admin', 'system'],
  log_verification: ['compliance', 'school_admin', 'system'],
  access: ['compliance', 'school_admin', 'system'],
  export: ['compliance', ...RECORD_EDITORS, 'system'],
};

const WHAT: Record<ComplianceRead, string> = {
  history: "replay a student's history",
  log_verification: 'verify a communication log',
  access: 'read the access record',
  export: "export a student's record",
};

/**
 * Judged from the event store (the source of truth), not a read model: the student's district is in its first event.
 * Nobody reads across districts.
 */
export async function authorizeComplianceRead(
  store: EventStore,
  actor: Actor,
  studentId: string,
  read: ComplianceRead,
): Promise<{ districtId: string }> {
  if (!COMPLIANCE_READERS[read].includes(actor.role)) {
    throw new DomainError('FORBIDDEN_ROLE', `Your role (${actor.role}) cannot ${WHAT[read]}.`, 'forbidden');
  }
  const districtId = await studentDistrict(store, studentId);
  if (districtId === null) throw new DomainError('STUDENT_NOT_FOUND', 'No such student.', 'not_found');
  if (actor.role !== 'system' && actor.districtId !== districtId) {
    throw new DomainError('FORBIDDEN_DISTRICT', 'This student belongs to another district.', 'forbidden');
  }
  return { districtId };
}

/** The student's district, from the event store (their stream's first event, the registration); null: no such student. */
export async function studentDistrict(store: EventStore, studentId: string): Promise<string | null> {
  const [first] = await store.readStream(studentStreamId(studentId), { maxCount: 1 });
  return first?.type === 'StudentRegistered' ? (first.data as StudentRegistered['data']).districtId : null;
}
