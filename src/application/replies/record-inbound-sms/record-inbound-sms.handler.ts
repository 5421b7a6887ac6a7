import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ID_GENERATOR, type IdGenerator } from '../../ports/clock.port';
import { type CommandOutcome, studentOf } from '../../shared/command-envelope';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { RecordInboundSmsCommand, type InboundOutcome } from './record-inbound-sms.command';

@CommandHandler(RecordInboundSmsCommand)
export class RecordInboundSmsHandler implements ICommandHandler<RecordInboundSmsCommand> {
  constructor(
    private readonly runner: StudentCommandRunner,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ studentId, data, env }: RecordInboundSmsCommand): Promise<CommandOutcome<InboundOutcome>> {
    const r = await this.runner.run(
      studentOf(env, studentId),
      { type: 'RecordInboundSms', data: { ...data, receivedOn: data.receivedOn ?? null, messageId: this.ids.next() } },
      env,
    );
    const e = r.events[0];
    const result: InboundOutcome =
      e?.type === 'SmsReceived'
        ? { messageId: e.data.messageId, staffId: e.data.staffId, routed: true }
        : e?.type === 'InboundSmsUnrouted'
          ? { messageId: e.data.messageId, staffId: null, routed: false }
          : { messageId: null, staffId: null, routed: false };
    return { revision: r.revision, recorded: r.events.length, result };
  }
}
