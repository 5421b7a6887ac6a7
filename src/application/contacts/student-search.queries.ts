import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../domain/shared/actor';

export interface StudentSearchHit {
  studentId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  /** Active enrollments: a teacher sees their own, school staff every one. */
  enrollments: { enrollmentId: string; courseId: string; courseName: string; teacherId: string; teacherName: string }[];
}

export interface StudentSearchPage {
  items: StudentSearchHit[];
  nextCursor: string | null;
}

export interface StudentSearch {
  /** Words that must each start a first, last or preferred name or a course name, or be the student id or a course id. */
  q?: string;
  courseId?: string;
  cursor?: string;
  limit: number;
}

export class SearchStudentsQuery extends Query<StudentSearchPage> {
  constructor(
    readonly actor: Actor,
    readonly search: StudentSearch,
  ) {
    super();
  }
}
