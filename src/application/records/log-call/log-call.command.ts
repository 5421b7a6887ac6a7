import { Command } from '@nestjs/cqrs';
import type { StudentCommand } from '../../../domain/student/student.commands';
import type { CommandEnvelope, CommandOutcome } from '../../shared/command-envelope';

export type LogCallData = Omit<Extract<StudentCommand, { type: 'LogCall' }>['data'], 'callId'>;

export class LogCallCommand extends Command<CommandOutcome<{ callId: string; occurredAt: string | null }>> {
  constructor(
    readonly studentId: string,
    readonly data: LogCallData,
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
