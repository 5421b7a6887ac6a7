import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandOutcome } from '../../shared/command-envelope';

export interface SendSmsResult {
  messageId: string;
  /** 'scheduled': queued to go out later (quiet hours, or the time the sender asked for). */
  status: 'queued' | 'scheduled' | 'sent' | 'delivered' | 'failed' | 'cancelled';
  enrollmentId: string;
  /** When a scheduled text goes out (ISO), else null. */
  scheduledFor: string | null;
  /** The sentence for the sender, e.g. "Scheduled for Wed, Sep 2, 8:00 AM MDT: ...", else null. */
  notice: string | null;
}

export class SendSmsCommand extends Command<CommandOutcome<SendSmsResult>> {
  constructor(
    readonly studentId: string,
    readonly data: {
      enrollmentId: string | null;
      body: string;
      idempotencyKey: string;
      mediaUrls?: readonly string[];
      sendAt?: string | null;
    },
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
