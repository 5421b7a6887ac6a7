import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandOutcome, studentOf } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { MarkEnteredInErrorCommand } from './mark-entered-in-error.command';

/** Marks a note or call entered in error; the entry itself is never removed. */
@CommandHandler(MarkEnteredInErrorCommand)
export class MarkEnteredInErrorHandler implements ICommandHandler<MarkEnteredInErrorCommand> {
  constructor(private readonly runner: StudentCommandRunner) {}

  async execute({ studentId, data, env }: MarkEnteredInErrorCommand): Promise<CommandOutcome> {
    const r = await this.runner.run(studentOf(env, studentId), { type: 'MarkEnteredInError', data }, env);
    return { revision: r.revision, recorded: r.events.length, result: undefined };
  }
}
