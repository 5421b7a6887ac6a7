import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RecordField } from '../../../domain/student/student.events';
import { type CommandOutcome, studentOf } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { CorrectStudentRecordCommand } from './correct-student-record.command';

/** The school corrects the student's own record (names, date of birth, username, time zone); answers which fields changed. */
@CommandHandler(CorrectStudentRecordCommand)
export class CorrectStudentRecordHandler implements ICommandHandler<CorrectStudentRecordCommand> {
  constructor(private readonly runner: StudentCommandRunner) {}

  async execute({
    studentId,
    changes,
    reason,
    env,
  }: CorrectStudentRecordCommand): Promise<CommandOutcome<{ fields: RecordField[] }>> {
    const r = await this.runner.run(
      studentOf(env, studentId),
      { type: 'CorrectStudentRecord', data: { changes, reason } },
      env,
    );
    const fields = r.events.flatMap((e) => (e.type === 'StudentRecordCorrected' ? e.data.fields : []));
    return { revision: r.revision, recorded: r.events.length, result: { fields } };
  }
}
