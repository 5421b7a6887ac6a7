import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandOutcome } from '../../shared/command-envelope';

/** Move a student's reply to the thread of the staff member it was meant for; answers the thread that holds it. */
export class MoveInboundSmsCommand extends Command<CommandOutcome<{ staffId: string }>> {
  constructor(
    readonly studentId: string,
    readonly data: { messageId: string; toStaffId: string; reason: string | null },
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
