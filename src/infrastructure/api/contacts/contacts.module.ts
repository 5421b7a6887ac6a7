import { Module } from '@nestjs/common';
import { ACTIVE_ENROLLMENTS } from '../../../application/ports/active-enrollments.port';
import { SECTION_ROSTER } from '../../../application/ports/section-roster.port';
import { STUDENT_DIRECTORY } from '../../../application/ports/student-directory.port';
import { CorrectStudentRecordHandler } from '../../../application/contacts/correct-student-record/correct-student-record.handler';
import { EndEnrollmentHandler } from '../../../application/contacts/end-enrollment/end-enrollment.handler';
import { OptOutHandler } from '../../../application/contacts/opt-out/opt-out.handler';
import { RegisterStudentHandler } from '../../../application/contacts/register-student/register-student.handler';
import { RosterImportService } from '../../../application/contacts/roster-import/roster-import.service';
import { StartEnrollmentHandler } from '../../../application/contacts/start-enrollment/start-enrollment.handler';
import { UpdateContactHandler } from '../../../application/contacts/update-contact/update-contact.handler';
import { ActiveEnrollmentsAdapter } from '../../../projections/contacts/active-enrollments.adapter';
import { GetStudentHandler, ListCurrentEnrollmentsHandler } from '../../../projections/contacts/roster.query-handlers';
import { RosterProjection } from '../../../projections/contacts/roster.projection';
import { SectionRosterAdapter } from '../../../projections/contacts/section-roster.adapter';
import { StudentDirectoryAdapter } from '../../../projections/contacts/student-directory.adapter';
import { SearchStudentsHandler } from '../../../projections/contacts/student-search.query-handler';
import type { Projection } from '../../../projections/runner/projection';
import { RecordsAccessModule } from '../records-access/records-access.module';
import { RosterImportController } from './roster-import.controller';
import { StudentSearchController } from './student-search.controller';
import { StudentsController } from './students.controller';

/**
 * Contacts: who the students are, their enrollments, contact details and consent (registration, contact changes,
 * record corrections, opt-out, the OneRoster import), the roster read model and the reads over it (a student's
 * profile, current enrollments, search, the directory other capabilities look numbers up in).
 */
@Module({
  imports: [RecordsAccessModule],
  controllers: [StudentsController, RosterImportController, StudentSearchController],
  providers: [
    RegisterStudentHandler,
    StartEnrollmentHandler,
    EndEnrollmentHandler,
    UpdateContactHandler,
    CorrectStudentRecordHandler,
    OptOutHandler,
    RosterImportService,
    ListCurrentEnrollmentsHandler,
    GetStudentHandler,
    SearchStudentsHandler,
    { provide: STUDENT_DIRECTORY, useClass: StudentDirectoryAdapter },
    { provide: ACTIVE_ENROLLMENTS, useClass: ActiveEnrollmentsAdapter },
    { provide: SECTION_ROSTER, useClass: SectionRosterAdapter },
  ],
  exports: [STUDENT_DIRECTORY, SECTION_ROSTER],
})
export class ContactsModule {
  /** The read models this capability keeps (run by the projection runner, CoreModule). */
  static readonly readModels = (): Projection[] => [new RosterProjection()];
}
