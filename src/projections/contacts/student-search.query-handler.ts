import { RECORD_READERS } from '../../domain/shared/role-groups';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import {
  SearchStudentsQuery,
  type StudentSearchHit,
  type StudentSearchPage,
} from '../../application/contacts/student-search.queries';
import type { Role } from '../../domain/shared/actor';
import { DomainError } from '../../domain/shared/domain-error';
import { decodeCursor, pageOf } from '../paging/page-cursor';
import { READ_MODEL_DATA_SOURCE } from '../runner/read-model-data-source';

/** The staff who read students' records (README, "Who may see what"). */
const SEARCHERS: readonly Role[] = RECORD_READERS;
const MAX_WORDS = 5;

interface Row {
  student_id: string;
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  enrollments: StudentSearchHit['enrollments'];
}

/** LIKE patterns take the word literally: % and _ typed by a person are letters, not wildcards. */
const literal = (word: string): string => word.replace(/[\\%_]/g, (c) => `\\${c}`);

export function searchWords(q: string | undefined): string[] {
  const words = (q ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length > MAX_WORDS)
    throw new DomainError('VALIDATION_FAILED', `Search with at most ${MAX_WORDS} words.`, 'invalid');
  return words.map(literal);
}

/**
 * GET /v1/students: find a student in one's scope (teachers: students of their ACTIVE enrollments, and only their own
 * enrollments are searched and shown; school staff: their district) by name, student id or course, in keyset pages
 * ordered by last name, first name, id. Each word must match (prefix of a first, last or preferred name or of a course
 * name, case-insensitive; or exactly the student id or a course id). A listing like Current Enrollments: not recorded
 * per student (README, Compliance, section 3); opening a student's profile, threads or log is.
 */
@QueryHandler(SearchStudentsQuery)
export class SearchStudentsHandler implements IQueryHandler<SearchStudentsQuery> {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource) {}

  async execute({ actor, search }: SearchStudentsQuery): Promise<StudentSearchPage> {
    if (!SEARCHERS.includes(actor.role))
      throw new DomainError('FORBIDDEN_ROLE', `Your role (${actor.role}) cannot search students.`, 'forbidden');
    const after = decodeCursor(search.cursor, 3);
    const teacher = actor.role === 'teacher' ? actor.id : null;
    // The enrollments the caller may see: a teacher's own, or all of the district's.
    const mine = `ce.student_id = d.student_id AND ce.district_id = $1 AND ($2::text IS NULL OR ce.teacher_id = $2)`;
    const rows = await this.db.query<Row[]>(
      `SELECT d.student_id, d.first_name, d.last_name, d.preferred_name,
              coalesce((SELECT json_agg(json_build_object('enrollmentId', ce.enrollment_id, 'courseId', ce.course_id, 'courseName', ce.course_name,
                                                          'teacherId', ce.teacher_id, 'teacherName', ce.teacher_name) ORDER BY ce.course_name, ce.enrollment_id)
                          FROM current_enrollments ce WHERE ${mine}), '[]'::json) AS enrollments
         FROM student_directory d
        WHERE d.district_id = $1
          AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM current_enrollments ce WHERE ${mine}))
          AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM current_enrollments ce WHERE ${mine} AND ce.course_id = $3))
          AND NOT EXISTS (SELECT 1 FROM unnest($4::text[]) AS w(word) WHERE NOT (
                lower(d.first_name) LIKE w.word || '%' OR lower(d.last_name) LIKE w.word || '%' OR lower(coalesce(d.preferred_name, '')) LIKE w.word || '%'
             OR lower(d.student_id) = replace(w.word, '\\', '')
             OR EXISTS (SELECT 1 FROM current_enrollments ce WHERE ${mine} AND (lower(ce.course_name) LIKE w.word || '%' OR lower(ce.course_id) = replace(w.word, '\\', '')))))
          AND ($5::text IS NULL OR (d.last_name, d.first_name, d.student_id) > ($5::text, $6::text, $7::text))
        ORDER BY d.last_name, d.first_name, d.student_id
        LIMIT $8`,
      [
        actor.districtId,
        teacher,
        search.courseId ?? null,
        searchWords(search.q),
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        search.limit + 1,
      ],
    );
    const { rows: shown, nextCursor } = pageOf(rows, search.limit, (r) => [r.last_name, r.first_name, r.student_id]);
    return {
      items: shown.map((r) => ({
        studentId: r.student_id,
        firstName: r.first_name,
        lastName: r.last_name,
        preferredName: r.preferred_name,
        enrollments: r.enrollments,
      })),
      nextCursor,
    };
  }
}
