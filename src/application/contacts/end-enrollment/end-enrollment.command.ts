import { Command } from '@nestjs/cqrs';
import type { StudentCommand } from '../../../domain/student/student.commands';
import type { CommandEnvelope, CommandOutcome } from '../../shared/command-envelope';

export class EndEnrollmentCommand extends Command<CommandOutcome> {
  constructor(
    readonly studentId: string,
    readonly data: Extract<StudentCommand, { type: 'EndEnrollment' }>['data'],
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
