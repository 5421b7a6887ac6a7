import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandOutcome, studentOf } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { EndEnrollmentCommand } from './end-enrollment.command';

@CommandHandler(EndEnrollmentCommand)
export class EndEnrollmentHandler implements ICommandHandler<EndEnrollmentCommand> {
  constructor(private readonly runner: StudentCommandRunner) {}

  async execute({ studentId, data, env }: EndEnrollmentCommand): Promise<CommandOutcome> {
    const r = await this.runner.run(studentOf(env, studentId), { type: 'EndEnrollment', data }, env);
    return { revision: r.revision, recorded: r.events.length, result: undefined };
  }
}
