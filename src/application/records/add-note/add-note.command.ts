import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandOutcome } from '../../shared/command-envelope';

export class AddNoteCommand extends Command<CommandOutcome<{ noteId: string }>> {
  constructor(
    readonly studentId: string,
    readonly body: string,
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
