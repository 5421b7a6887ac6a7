import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ActiveEnrollment, ActiveEnrollments } from '../../application/ports/active-enrollments.port';
import { CurrentEnrollmentRow } from './roster.entities';
import { READ_MODEL_DATA_SOURCE } from '../runner/read-model-data-source';

/** The roster read model's current (active) enrollments of a district, for a roster import's reconciliation. */
@Injectable()
export class ActiveEnrollmentsAdapter implements ActiveEnrollments {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource) {}

  inDistrict(districtId: string): Promise<ActiveEnrollment[]> {
    return this.db
      .getRepository(CurrentEnrollmentRow)
      .find({ where: { districtId }, select: { enrollmentId: true, studentId: true, courseId: true } });
  }
}
