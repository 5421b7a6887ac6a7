import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandOutcome } from '../../shared/command-envelope';

export class AmendNoteCommand extends Command<CommandOutcome> {
  constructor(
    readonly studentId: string,
    readonly data: { noteId: string; body: string; reason: string },
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
