import { Command } from '@nestjs/cqrs';
import type { PacingStatus } from '../../../domain/student/student.events';
import type { CommandEnvelope, CommandOutcome } from '../../shared/command-envelope';

export class ReportPacingCommand extends Command<CommandOutcome> {
  constructor(
    readonly studentId: string,
    readonly data: { enrollmentId: string; status: PacingStatus; asOf: string },
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
