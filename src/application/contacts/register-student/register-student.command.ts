import { Command } from '@nestjs/cqrs';
import type { StudentProfile } from '../../../domain/student/student.events';
import type { CommandEnvelope, CommandOutcome } from '../../shared/command-envelope';

export class RegisterStudentCommand extends Command<CommandOutcome> {
  constructor(
    readonly profile: StudentProfile,
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
