import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../domain/shared/actor';
import type { ListedContact } from '../../domain/student/student.events';
import type { Page } from '../shared/page';

/** The roster's reads: Current Enrollments and the student's profile. Each names the actor: authorization by role, district and enrollment happens in its handler. */
export interface CurrentEnrollmentView {
  enrollmentId: string;
  studentId: string;
  studentFirstName: string;
  courseId: string;
  courseName: string;
  teacherId: string;
  teacherName: string;
  startedOn: string;
  smsEnabled: boolean;
  smsDisabledReason: string | null;
  lastContactAt: string | null;
}

export interface StudentView {
  studentId: string;
  districtId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  smsNumber: string | null;
  optedOut: boolean;
  smsEnabled: boolean;
  smsDisabledReason: string | null;
  /** The people listed for the student (FERPA: share nothing with anyone else). Staff of the student only, not the student. */
  listedContacts?: ListedContact[];
}

export class ListCurrentEnrollmentsQuery extends Query<Page<CurrentEnrollmentView>> {
  constructor(
    readonly actor: Actor,
    readonly filter: { teacherId?: string; courseId?: string; smsEnabled?: boolean; studentId?: string; q?: string },
    readonly page: { cursor?: string; limit: number } = { limit: 1000 },
  ) {
    super();
  }
}

/** A profile read and the stream revision it shows (null: the read model was behind; no ETag is promised). */
export interface StudentProfileRead {
  view: StudentView;
  revision: bigint | null;
}

export class GetStudentQuery extends Query<StudentProfileRead> {
  constructor(
    readonly actor: Actor,
    readonly studentId: string,
  ) {
    super();
  }
}
