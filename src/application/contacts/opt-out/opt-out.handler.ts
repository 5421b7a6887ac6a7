import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandOutcome, studentOf } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { OptOutCommand } from './opt-out.command';

@CommandHandler(OptOutCommand)
export class OptOutHandler implements ICommandHandler<OptOutCommand> {
  constructor(private readonly runner: StudentCommandRunner) {}

  async execute({ studentId, requestedBy, env }: OptOutCommand): Promise<CommandOutcome<{ note: string | null }>> {
    const r = await this.runner.run(studentOf(env, studentId), { type: 'OptOut', data: { requestedBy } }, env);
    const recorded = r.events.find((e) => e.type === 'SmsOptedOut');
    return {
      revision: r.revision,
      recorded: r.events.length,
      result: { note: recorded?.type === 'SmsOptedOut' ? recorded.data.note : null },
    };
  }
}
