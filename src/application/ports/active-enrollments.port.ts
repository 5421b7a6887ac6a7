/** The district's active enrollments as the roster read model has them (for a roster import's reconciliation). */
export interface ActiveEnrollment {
  enrollmentId: string;
  studentId: string;
  courseId: string;
}

export interface ActiveEnrollments {
  inDistrict(districtId: string): Promise<ActiveEnrollment[]>;
}

export const ACTIVE_ENROLLMENTS = Symbol('ACTIVE_ENROLLMENTS');
