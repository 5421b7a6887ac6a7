import { Command } from '@nestjs/cqrs';
import type { InboundChannel } from '../../../domain/student/student.events';
import type { CommandEnvelope, CommandOutcome } from '../../shared/command-envelope';

export interface InboundOutcome {
  messageId: string | null;
  /** The thread it went to, or null when it was kept unrouted (teacher first). */
  staffId: string | null;
  routed: boolean;
}

/** A student's text or portal reply, already matched to the student. */
export class RecordInboundSmsCommand extends Command<CommandOutcome<InboundOutcome>> {
  constructor(
    readonly studentId: string,
    /** `receivedOn`: our number the student texted (null or absent: the portal). */
    readonly data: {
      body: string;
      channel: InboundChannel;
      providerMessageId: string | null;
      staffId: string | null;
      receivedOn?: string | null;
    },
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
