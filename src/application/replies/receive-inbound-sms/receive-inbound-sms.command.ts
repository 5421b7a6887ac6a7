import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../shared/command-envelope';

export interface ReceiveInboundSmsResult {
  outcome: 'routed' | 'unrouted' | 'unmatched' | 'duplicate';
  studentId: string | null;
  staffId: string | null;
}

/** A text that arrived from the phone network, not yet matched to a student. */
export class ReceiveInboundSmsCommand extends Command<ReceiveInboundSmsResult> {
  constructor(
    readonly data: { from: string; to: string | null; body: string; providerMessageId: string; bodySanitized?: true },
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
