import type { Provider, Type } from '@nestjs/common';
import { ACTIVE_ENROLLMENTS } from '../application/ports/active-enrollments.port';
import { RosterImportService } from '../application/contacts/roster-import/roster-import.service';
import { ActiveEnrollmentsAdapter } from '../projections/contacts/active-enrollments.adapter';
import { RosterImportController } from './api/contacts/roster-import.controller';

/** Rostering: the OneRoster CSV import and bulk registration. */
export const ROSTER_IMPORT_PROVIDERS: Provider[] = [
  RosterImportService,
  { provide: ACTIVE_ENROLLMENTS, useClass: ActiveEnrollmentsAdapter },
];

export const ROSTER_IMPORT_CONTROLLERS: Type[] = [RosterImportController];
