import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandOutcome, studentOf } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { UpdateContactCommand } from './update-contact.command';

@CommandHandler(UpdateContactCommand)
export class UpdateContactHandler implements ICommandHandler<UpdateContactCommand> {
  constructor(private readonly runner: StudentCommandRunner) {}

  async execute({ studentId, changes, reason, env }: UpdateContactCommand): Promise<CommandOutcome> {
    const r = await this.runner.run(
      studentOf(env, studentId),
      { type: 'UpdateContact', data: { changes, reason } },
      env,
    );
    return { revision: r.revision, recorded: r.events.length, result: undefined };
  }
}
