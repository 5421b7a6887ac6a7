import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandOutcome } from '../shared/command-envelope';

export interface SendSmsResult {
  messageId: string;
  status: 'queued' | 'sent' | 'delivered' | 'failed';
  enrollmentId: string;
}

export class SendSmsCommand extends Command<CommandOutcome<SendSmsResult>> {
  constructor(
    readonly studentId: string,
    readonly data: { enrollmentId: string | null; body: string; idempotencyKey: string },
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
