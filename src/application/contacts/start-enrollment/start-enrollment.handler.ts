import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandOutcome, studentOf } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { StartEnrollmentCommand } from './start-enrollment.command';

@CommandHandler(StartEnrollmentCommand)
export class StartEnrollmentHandler implements ICommandHandler<StartEnrollmentCommand> {
  constructor(private readonly runner: StudentCommandRunner) {}

  async execute({ studentId, data, env }: StartEnrollmentCommand): Promise<CommandOutcome> {
    const r = await this.runner.run(studentOf(env, studentId), { type: 'StartEnrollment', data }, env);
    return { revision: r.revision, recorded: r.events.length, result: undefined };
  }
}
