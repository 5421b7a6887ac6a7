import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ID_GENERATOR, type IdGenerator } from '../../ports/clock.port';
import { type CommandOutcome, studentOf } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { LogCallCommand } from './log-call.command';

@CommandHandler(LogCallCommand)
export class LogCallHandler implements ICommandHandler<LogCallCommand> {
  constructor(
    private readonly runner: StudentCommandRunner,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({
    studentId,
    data,
    env,
  }: LogCallCommand): Promise<CommandOutcome<{ callId: string; occurredAt: string | null }>> {
    const callId = this.ids.next();
    const r = await this.runner.run(studentOf(env, studentId), { type: 'LogCall', data: { ...data, callId } }, env);
    const logged = r.events.find((e) => e.type === 'CallLogged');
    return {
      revision: r.revision,
      recorded: r.events.length,
      result: { callId, occurredAt: logged?.data.occurredAt ?? null },
    };
  }
}
