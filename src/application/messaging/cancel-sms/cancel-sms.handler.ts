import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandOutcome, studentOf } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { CancelSmsCommand } from './cancel-sms.command';

/** The rules (who, and only before it goes) are the domain's; cancelling twice answers the same. */
@CommandHandler(CancelSmsCommand)
export class CancelSmsHandler implements ICommandHandler<CancelSmsCommand> {
  constructor(private readonly runner: StudentCommandRunner) {}

  async execute({ studentId, messageId, env }: CancelSmsCommand): Promise<CommandOutcome<{ status: string }>> {
    const r = await this.runner.run(
      studentOf(env, studentId),
      { type: 'CancelScheduledSms', data: { messageId } },
      env,
    );
    return {
      revision: r.revision,
      recorded: r.events.length,
      result: { status: r.state.messages.get(messageId)?.status ?? 'cancelled' },
    };
  }
}
