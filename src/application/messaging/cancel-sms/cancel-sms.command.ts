import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandOutcome } from '../../shared/command-envelope';

/** Withdraw a text before it goes out (typically a scheduled one). */
export class CancelSmsCommand extends Command<CommandOutcome<{ status: string }>> {
  constructor(
    readonly studentId: string,
    readonly messageId: string,
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
