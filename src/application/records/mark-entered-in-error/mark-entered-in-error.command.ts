import { Command } from '@nestjs/cqrs';
import type { CorrectableEntryKind } from '../../../domain/student/student.events';
import type { CommandEnvelope, CommandOutcome } from '../../shared/command-envelope';

export class MarkEnteredInErrorCommand extends Command<CommandOutcome> {
  constructor(
    readonly studentId: string,
    readonly data: { entryKind: CorrectableEntryKind; entryId: string; reason: string },
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
