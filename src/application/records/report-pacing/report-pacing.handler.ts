import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandOutcome, studentOf } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { ReportPacingCommand } from './report-pacing.command';

/** The SIS's pacing signal for one enrollment (feeds "falling behind and not contacted"). */
@CommandHandler(ReportPacingCommand)
export class ReportPacingHandler implements ICommandHandler<ReportPacingCommand> {
  constructor(private readonly runner: StudentCommandRunner) {}

  async execute({ studentId, data, env }: ReportPacingCommand): Promise<CommandOutcome> {
    const r = await this.runner.run(studentOf(env, studentId), { type: 'ReportPacing', data }, env);
    return { revision: r.revision, recorded: r.events.length, result: undefined };
  }
}
