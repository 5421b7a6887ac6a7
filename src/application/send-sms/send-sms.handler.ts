import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ScheduleReason } from '../../domain/student/messaging.events';
import { scheduleNotice, studentTimeZone } from '../../domain/student/send-schedule';
import { ID_GENERATOR, type IdGenerator } from '../ports/clock.port';
import type { CommandOutcome } from '../shared/command-envelope';
import { StudentCommandRunner } from '../shared/student-command-runner';
import { SendSmsCommand, type SendSmsResult } from './send-sms.command';

/** Queues the text; sending is the dispatcher's reaction to SmsQueued, never done here. */
@CommandHandler(SendSmsCommand)
export class SendSmsHandler implements ICommandHandler<SendSmsCommand> {
  constructor(
    private readonly runner: StudentCommandRunner,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ studentId, data, env }: SendSmsCommand): Promise<CommandOutcome<SendSmsResult>> {
    const r = await this.runner.run(studentId, { type: 'SendSms', data: { ...data, messageId: this.ids.next() } }, env);
    // A retried idempotency key answers with the message the first request created.
    const { messageId } = r.state.idempotencyKeys.get(data.idempotencyKey)!;
    const { status, enrollmentId } = r.state.messages.get(messageId)!;
    const delivery = r.state.delivery.get(messageId);
    const scheduledFor = status === 'queued' && delivery?.scheduledFor ? delivery.scheduledFor : null;
    const notice = scheduledFor ? await this.noticeFor(studentId, scheduledFor, delivery?.scheduledBecause) : null;
    return { revision: r.revision, recorded: r.events.length, result: { messageId, status: scheduledFor ? 'scheduled' : status, enrollmentId, scheduledFor, notice } };
  }

  /** "Scheduled for ..." in the student's time zone, naming the district's quiet hours when they are the reason. */
  private async noticeFor(studentId: string, scheduledFor: string, because: ScheduleReason | undefined): Promise<string> {
    const { state, policy } = await this.runner.readWithPolicy(studentId);
    const timeZone = studentTimeZone(state.profile ?? { timeZone: null }, { district: policy });
    return scheduleNotice(scheduledFor, because, timeZone, policy?.quietHours);
  }
}
