import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ID_GENERATOR, type IdGenerator } from '../../ports/clock.port';
import { type CommandOutcome, studentOf } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { AddNoteCommand } from './add-note.command';

@CommandHandler(AddNoteCommand)
export class AddNoteHandler implements ICommandHandler<AddNoteCommand> {
  constructor(
    private readonly runner: StudentCommandRunner,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ studentId, body, env }: AddNoteCommand): Promise<CommandOutcome<{ noteId: string }>> {
    const noteId = this.ids.next();
    const r = await this.runner.run(studentOf(env, studentId), { type: 'AddNote', data: { noteId, body } }, env);
    return { revision: r.revision, recorded: r.events.length, result: { noteId } };
  }
}
