import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandOutcome, studentOf } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { MoveInboundSmsCommand } from './move-inbound-sms.command';

/** The rules (who may move which reply, and where to) are the domain's; moving it again to the same thread answers the same. */
@CommandHandler(MoveInboundSmsCommand)
export class MoveInboundSmsHandler implements ICommandHandler<MoveInboundSmsCommand> {
  constructor(private readonly runner: StudentCommandRunner) {}

  async execute({ studentId, data, env }: MoveInboundSmsCommand): Promise<CommandOutcome<{ staffId: string }>> {
    const r = await this.runner.run(studentOf(env, studentId), { type: 'MoveInboundSms', data }, env);
    return {
      revision: r.revision,
      recorded: r.events.length,
      result: { staffId: r.state.replyThreads.get(data.messageId) ?? data.toStaffId },
    };
  }
}
