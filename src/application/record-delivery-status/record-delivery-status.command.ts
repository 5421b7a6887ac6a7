import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandOutcome } from '../shared/command-envelope';

export class RecordDeliveryStatusCommand extends Command<CommandOutcome> {
  constructor(
    readonly studentId: string,
    readonly data: { messageId: string; status: 'sent' | 'delivered' | 'failed'; providerMessageId: string | null; reason: string | null; errorCode: string | null },
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
