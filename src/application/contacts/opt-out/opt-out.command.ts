import { Command } from '@nestjs/cqrs';
import type { OptOutRequester } from '../../../domain/student/student.events';
import type { CommandEnvelope, CommandOutcome } from '../../shared/command-envelope';

export class OptOutCommand extends Command<CommandOutcome<{ note: string | null }>> {
  constructor(
    readonly studentId: string,
    readonly requestedBy: OptOutRequester,
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
