import { RECORD_READERS } from '../../domain/shared/role-groups';
import type { DataSource } from 'typeorm';
import type { Actor, Role } from '../../domain/shared/actor';
import { DomainError } from '../../domain/shared/domain-error';
import { CurrentEnrollmentRow, StudentDirectoryRow } from './roster.entities';

export type StudentRecordPart = 'profile' | 'threads' | 'log';

/** Who may read which part of a student's record (FERPA: legitimate educational interest, nobody across districts). */
const READERS: Record<StudentRecordPart, readonly Role[]> = {
  profile: [...RECORD_READERS, 'student'],
  threads: [...RECORD_READERS, 'student'],
  log: RECORD_READERS,
};

/**
 * Checks one read of one student's record and returns the student's directory row.
 * Teachers: only students of their ACTIVE enrollments. Students: only themselves. Others: their district.
 */
export async function authorizeStudentRead(
  db: DataSource,
  actor: Actor,
  studentId: string,
  part: StudentRecordPart,
): Promise<StudentDirectoryRow> {
  if (!READERS[part].includes(actor.role)) {
    throw new DomainError(
      'FORBIDDEN_ROLE',
      `Your role (${actor.role}) cannot read a student's ${part === 'log' ? 'communication log' : part}.`,
      'forbidden',
    );
  }
  const student = await db.getRepository(StudentDirectoryRow).findOneBy({ studentId });
  if (!student) throw new DomainError('STUDENT_NOT_FOUND', 'No such student.', 'not_found');
  if (student.districtId !== actor.districtId)
    throw new DomainError('FORBIDDEN_DISTRICT', 'This student belongs to another district.', 'forbidden');
  if (actor.role === 'student' && actor.id !== studentId)
    throw new DomainError('FORBIDDEN_STUDENT', 'Students can read only their own record.', 'forbidden');
  if (actor.role === 'teacher') {
    const teaches = await db.getRepository(CurrentEnrollmentRow).existsBy({ studentId, teacherId: actor.id });
    if (!teaches)
      throw new DomainError(
        'NOT_TEACHER_OF_STUDENT',
        'You do not teach an active enrollment of this student.',
        'forbidden',
      );
  }
  return student;
}
