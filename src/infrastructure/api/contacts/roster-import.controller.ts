import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OneRosterFormatError } from '../../../application/contacts/roster-import/oneroster.csv';
import { RosterImportService } from '../../../application/contacts/roster-import/roster-import.service';
import type { CommandEnvelope } from '../../../application/shared/command-envelope';
import { DomainError } from '../../../domain/shared/domain-error';
import { Roles } from '../../auth/roles.decorator';
import { Envelope } from '../command-envelope.decorator';
import { OneRosterImportDto } from './roster-import.dto';
import { BulkRegisterStudentsDto, toStudentProfile } from './student.dto';
import { BulkRegistrationResponseDto, RosterImportResponseDto } from './student-responses.dto';
import { ENROLLMENT_ROLES } from '../../../domain/shared/role-groups';

/** Rostering the way schools do it: a OneRoster CSV bundle, or registrations in bulk, each row answered. */
@ApiTags('roster')
@ApiBearerAuth()
@Controller('v1')
export class RosterImportController {
  constructor(private readonly roster: RosterImportService) {}

  @Post('roster/oneroster')
  @HttpCode(200)
  @Roles(...ENROLLMENT_ROLES)
  @ApiOperation({
    summary:
      "Import a OneRoster 1.1/1.2 CSV bundle (users, classes, enrollments, demographics, roles) into the caller's district; per-row report",
  })
  @ApiOkResponse({ type: RosterImportResponseDto })
  async importOneRoster(@Body() dto: OneRosterImportDto, @Envelope({ ifMatch: false }) env: CommandEnvelope) {
    try {
      return await this.roster.import({ ...dto.files }, dto.mode ?? 'bulk', env);
    } catch (error) {
      if (error instanceof OneRosterFormatError)
        throw new DomainError('INVALID_ONEROSTER_FILE', error.message, 'invalid', { file: `${error.file}.csv` });
      throw error;
    }
  }

  @Post('students/bulk')
  @HttpCode(200)
  @Roles(...ENROLLMENT_ROLES)
  @ApiOperation({
    summary:
      'Register up to 1,000 students at once; each is answered on its own (registered, unchanged or rejected with its code)',
  })
  @ApiOkResponse({ type: BulkRegistrationResponseDto })
  async registerMany(@Body() dto: BulkRegisterStudentsDto, @Envelope({ ifMatch: false }) env: CommandEnvelope) {
    const rows = await this.roster.registerMany(
      dto.students.map((s) => toStudentProfile(s, env.actor.districtId)),
      env,
    );
    return {
      results: rows.map(({ studentId, outcome, code, message }) => ({
        studentId,
        outcome,
        ...(code ? { code, message } : {}),
      })),
    };
  }
}
