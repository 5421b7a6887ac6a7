import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandOutcome, studentOf } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { RegisterStudentCommand } from './register-student.command';

@CommandHandler(RegisterStudentCommand)
export class RegisterStudentHandler implements ICommandHandler<RegisterStudentCommand> {
  constructor(private readonly runner: StudentCommandRunner) {}

  async execute({ profile, env }: RegisterStudentCommand): Promise<CommandOutcome> {
    const r = await this.runner.run(studentOf(env, profile.studentId), { type: 'RegisterStudent', data: profile }, env);
    return { revision: r.revision, recorded: r.events.length, result: undefined };
  }
}
