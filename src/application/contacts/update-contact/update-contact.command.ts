import { Command } from '@nestjs/cqrs';
import type { ContactChanges } from '../../../domain/student/student.events';
import type { CommandEnvelope, CommandOutcome } from '../../shared/command-envelope';

export class UpdateContactCommand extends Command<CommandOutcome> {
  constructor(
    readonly studentId: string,
    readonly changes: ContactChanges,
    readonly reason: string | null,
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
