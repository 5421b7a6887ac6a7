import { verdictOf } from './roster.fold';
import { SELECT_POLICY, type PolicyRow } from './roster.rows';
import { RECORD_READERS } from '../../domain/shared/role-groups';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import {
  GetStudentQuery,
  ListCurrentEnrollmentsQuery,
  type CurrentEnrollmentView,
  type StudentProfileRead,
} from '../../application/contacts/roster.queries';
import type { Page } from '../../application/shared/page';
import { StudentStreamHead } from '../../application/shared/student-stream-head';
import { DomainError } from '../../domain/shared/domain-error';
import { CurrentEnrollmentRow } from './roster.entities';
import { decodeCursor, pageOf } from '../paging/page-cursor';
import { READ_MODEL_DATA_SOURCE } from '../runner/read-model-data-source';
import { rosterReached } from './roster-freshness';
import { authorizeStudentRead } from './student-access';
import { searchWords } from './student-search.query-handler';

/** Staff who serve the student see who is listed for them, so they share nothing with anyone else (the seed's FERPA rule). */
const LISTED_CONTACT_READERS: readonly string[] = RECORD_READERS;

// Not the SIS: it writes registrations, enrollments and pacing and reads nothing about a student (README, section 2).
const ENROLLMENT_READERS: readonly string[] = RECORD_READERS;

@QueryHandler(ListCurrentEnrollmentsQuery)
export class ListCurrentEnrollmentsHandler implements IQueryHandler<ListCurrentEnrollmentsQuery> {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource) {}

  async execute({ actor, filter, page }: ListCurrentEnrollmentsQuery): Promise<Page<CurrentEnrollmentView>> {
    if (!ENROLLMENT_READERS.includes(actor.role))
      throw new DomainError('FORBIDDEN_ROLE', `Your role (${actor.role}) cannot list enrollments.`, 'forbidden');
    if (actor.role === 'teacher' && filter.teacherId && filter.teacherId !== actor.id) {
      throw new DomainError('FORBIDDEN_TEACHER', 'Teachers see only their own enrollments.', 'forbidden');
    }
    const teacherId = actor.role === 'teacher' ? actor.id : filter.teacherId;
    const after = decodeCursor(page.cursor, 3);
    const query = this.db
      .getRepository(CurrentEnrollmentRow)
      .createQueryBuilder('e')
      .where({
        districtId: actor.districtId,
        ...(teacherId ? { teacherId } : {}),
        ...(filter.courseId ? { courseId: filter.courseId } : {}),
        ...(filter.studentId ? { studentId: filter.studentId } : {}),
        ...(filter.smsEnabled !== undefined ? { smsEnabled: filter.smsEnabled } : {}),
      })
      .orderBy('e.course_name', 'ASC')
      .addOrderBy('e.student_first_name', 'ASC')
      .addOrderBy('e.enrollment_id', 'ASC')
      .take(page.limit + 1);
    // Every word of `q` matches the row: the start of a name of the student (directory), the course or the teacher, or
    // exactly the student id or the course id. The words are literal (searchWords escapes % and _ for LIKE).
    const words = searchWords(filter.q);
    if (words.length > 0)
      query.andWhere(
        `NOT EXISTS (SELECT 1 FROM unnest(CAST(:words AS text[])) AS w(word) WHERE NOT (
            lower(e.student_first_name) LIKE w.word || '%' OR lower(e.course_name) LIKE w.word || '%'
         OR lower(e.teacher_name) LIKE w.word || '%'
         OR lower(e.student_id) = replace(w.word, '\\', '') OR lower(e.course_id) = replace(w.word, '\\', '')
         OR EXISTS (SELECT 1 FROM student_directory d WHERE d.district_id = e.district_id AND d.student_id = e.student_id
               AND (lower(d.first_name) LIKE w.word || '%' OR lower(d.last_name) LIKE w.word || '%'
                 OR lower(coalesce(d.preferred_name, '')) LIKE w.word || '%'))))`,
        { words },
      );
    // Keyset: the page after the last row's (course, first name, enrollment), in the same order as the index.
    if (after)
      query.andWhere('(e.course_name, e.student_first_name, e.enrollment_id) > (:course, :first, :enrollment)', {
        course: after[0],
        first: after[1],
        enrollment: after[2],
      });
    const { rows, nextCursor } = pageOf(await query.getMany(), page.limit, (r) => [
      r.courseName,
      r.studentFirstName,
      r.enrollmentId,
    ]);
    const items = rows.map((r) => ({
      enrollmentId: r.enrollmentId,
      studentId: r.studentId,
      studentFirstName: r.studentFirstName,
      courseId: r.courseId,
      courseName: r.courseName,
      teacherId: r.teacherId,
      teacherName: r.teacherName,
      startedOn: r.startedOn,
      smsEnabled: r.smsEnabled,
      smsDisabledReason: r.smsDisabledReason,
      lastContactAt: r.lastContactAt?.toISOString() ?? null,
    }));
    return { items, nextCursor };
  }
}

@QueryHandler(GetStudentQuery)
export class GetStudentHandler implements IQueryHandler<GetStudentQuery> {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource,
    private readonly head: StudentStreamHead,
  ) {}

  /**
   * The ETag is the student stream's revision in the event store at the moment of the read. The row is read only
   * once the roster has passed that revision's position, so the answer shows at least what the ETag names: a write
   * sent with it either acts on what the reader saw or is refused 412 (never the other way round, a stale body
   * under a current ETag).
   */
  async execute({ actor, studentId }: GetStudentQuery): Promise<StudentProfileRead> {
    const head = await this.head.read({ districtId: actor.districtId, studentId });
    const fresh = head !== null && (await rosterReached(this.db, head.position));
    const s = await authorizeStudentRead(this.db, actor, studentId, 'profile');
    // SMS Enabled: the domain's verdict from the student's row and the district policy, as the roster stores it.
    const [policy] = await this.db.query<PolicyRow[]>(
      `SELECT ${SELECT_POLICY} FROM district_policies WHERE district_id = $1`,
      [s.districtId],
    );
    const verdict = verdictOf(
      {
        student_id: s.studentId,
        district_id: s.districtId,
        opted_out: s.optedOut,
        sms_number: s.smsNumber,
        sms_number_invalid: s.smsNumberInvalid,
      },
      policy,
    );
    const reason = verdict.enabled ? null : verdict.reason;
    const view = {
      studentId: s.studentId,
      districtId: s.districtId,
      firstName: s.firstName,
      lastName: s.lastName,
      preferredName: s.preferredName,
      smsNumber: s.smsNumber,
      optedOut: s.optedOut,
      smsEnabled: reason === null,
      smsDisabledReason: reason,
      ...(LISTED_CONTACT_READERS.includes(actor.role)
        ? { listedContacts: s.listedContacts.map(({ name, relationship, phone }) => ({ name, relationship, phone })) }
        : {}),
    };
    return { view, revision: fresh ? head.revision : null };
  }
}
