import type { Actor, Role } from '../../domain/shared/actor';
import { DomainError } from '../../domain/shared/domain-error';
import type { StudentKey } from '../../domain/student/student-stream';
import type { EventStore } from '../ports/event-store.port';
import { RECORD_EDITORS } from '../../domain/shared/role-groups';
import { StudentStreams, type StudentStreamIds } from '../shared/student-streams';

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
 * Judged from the event store (the source of truth), not a read model. The id is looked up within the caller's own
 * district (ids are scoped by district): another district's student answers exactly as an unknown id does.
 */
export async function authorizeComplianceRead(
  store: EventStore,
  actor: Actor,
  studentId: string,
  read: ComplianceRead,
): Promise<{ districtId: string; streams: StudentStreamIds }> {
  if (!COMPLIANCE_READERS[read].includes(actor.role)) {
    throw new DomainError('FORBIDDEN_ROLE', `Your role (${actor.role}) cannot ${WHAT[read]}.`, 'forbidden');
  }
  const key = { districtId: actor.districtId, studentId };
  const streams = await registeredStudentStreams(store, key);
  if (streams === null) throw new DomainError('STUDENT_NOT_FOUND', 'No such student.', 'not_found');
  return { districtId: key.districtId, streams };
}

/** The streams of a registered student of that district (their stream begins with the registration); null: none. */
export async function registeredStudentStreams(store: EventStore, key: StudentKey): Promise<StudentStreamIds | null> {
  const streams = await StudentStreams.of(store).resolve(key);
  const [first] = await store.readStream(streams.student, { maxCount: 1 });
  return first?.type === 'StudentRegistered' ? streams : null;
}
