import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { SectionEnrollment, SectionRoster } from '../../application/ports/section-roster.port';
import { CurrentEnrollmentRow } from './roster.entities';
import { READ_MODEL_DATA_SOURCE } from '../runner/read-model-data-source';

/** The class list of a course section: the roster read model's active enrollments of that OneRoster class. */
@Injectable()
export class SectionRosterAdapter implements SectionRoster {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource) {}

  async activeIn(districtId: string, sectionId: string): Promise<SectionEnrollment[]> {
    const rows = await this.db.getRepository(CurrentEnrollmentRow).find({
      where: { districtId, courseId: sectionId },
      select: {
        enrollmentId: true,
        studentId: true,
        studentFirstName: true,
        courseName: true,
        teacherId: true,
        teacherName: true,
      },
      order: { studentFirstName: 'ASC', enrollmentId: 'ASC' },
    });
    return rows.map(({ enrollmentId, studentId, studentFirstName, courseName, teacherId, teacherName }) => ({
      enrollmentId,
      studentId,
      studentFirstName,
      courseName,
      teacherId,
      teacherName,
    }));
  }
}
