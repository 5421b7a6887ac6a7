/** One active enrollment of a course section, as the roster read model has it (the class list). */
export interface SectionEnrollment {
  enrollmentId: string;
  studentId: string;
  /** Preferred name, else first name. */
  studentFirstName: string;
  courseName: string;
  teacherId: string;
  teacherName: string;
}

export interface SectionRoster {
  /** Active enrollments of the section (OneRoster class) in the district, by student first name. */
  activeIn(districtId: string, sectionId: string): Promise<SectionEnrollment[]>;
}

export const SECTION_ROSTER = Symbol('SECTION_ROSTER');
