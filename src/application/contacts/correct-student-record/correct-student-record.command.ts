import { Command } from '@nestjs/cqrs';
import type { RecordChanges, RecordField } from '../../../domain/student/student.events';
import type { CommandEnvelope, CommandOutcome } from '../../shared/command-envelope';

export class CorrectStudentRecordCommand extends Command<CommandOutcome<{ fields: RecordField[] }>> {
  constructor(
    readonly studentId: string,
    readonly changes: RecordChanges,
    readonly reason: string,
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
