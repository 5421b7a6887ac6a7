import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandOutcome, studentOf } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { AmendNoteCommand } from './amend-note.command';

/** Adds an amendment beside a note; the note as first written stays in the record. */
@CommandHandler(AmendNoteCommand)
export class AmendNoteHandler implements ICommandHandler<AmendNoteCommand> {
  constructor(private readonly runner: StudentCommandRunner) {}

  async execute({ studentId, data, env }: AmendNoteCommand): Promise<CommandOutcome> {
    const r = await this.runner.run(studentOf(env, studentId), { type: 'AmendNote', data }, env);
    return { revision: r.revision, recorded: r.events.length, result: undefined };
  }
}
