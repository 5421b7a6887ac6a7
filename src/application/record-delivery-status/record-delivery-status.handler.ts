import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-envelope';
import { StudentCommandRunner } from '../shared/student-command-runner';
import { RecordDeliveryStatusCommand } from './record-delivery-status.command';

@CommandHandler(RecordDeliveryStatusCommand)
export class RecordDeliveryStatusHandler implements ICommandHandler<RecordDeliveryStatusCommand> {
  constructor(private readonly runner: StudentCommandRunner) {}

  async execute({ studentId, data, env }: RecordDeliveryStatusCommand): Promise<CommandOutcome> {
    const r = await this.runner.run(studentId, { type: 'RecordDeliveryStatus', data }, env);
    return { revision: r.revision, recorded: r.events.length, result: undefined };
  }
}
