import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ScheduleReason } from '../../../domain/student/student.events';
import { scheduleNotice, studentTimeZone } from '../../../domain/student/send-schedule';
import type { SmsQueued } from '../../../domain/student/student.events';
import type { StudentState } from '../../../domain/student/student.state';
import { ID_GENERATOR, type IdGenerator } from '../../ports/clock.port';
import { type CommandOutcome, studentOf } from '../../shared/command-envelope';
import { StudentCommandRunner, type StudentCommandResult } from '../../shared/student-command-runner';
import { SendSmsCommand, type SendSmsResult } from './send-sms.command';

interface QueuedText {
  messageId: string;
  enrollmentId: string;
  status: SendSmsResult['status'];
  scheduledFor: string | null;
  scheduledBecause?: ScheduleReason;
}

/**
 * Queues the text; sending is the dispatcher's reaction to SmsQueued, never done here. The answer is worded from
 * what the command just decided (the SmsQueued event, the district policy and student the decision was made on):
 * no second lock, stream read or policy lookup.
 */
@CommandHandler(SendSmsCommand)
export class SendSmsHandler implements ICommandHandler<SendSmsCommand> {
  constructor(
    private readonly runner: StudentCommandRunner,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ studentId, data, env }: SendSmsCommand): Promise<CommandOutcome<SendSmsResult>> {
    const r = await this.runner.run(
      studentOf(env, studentId),
      { type: 'SendSms', data: { ...data, messageId: this.ids.next() } },
      env,
    );
    const queued = r.events.find((e): e is SmsQueued => e.type === 'SmsQueued');
    const text = queued ? { ...queued.data, status: 'queued' as const } : firstRequest(r.state, data.idempotencyKey);
    const scheduledFor = text.status === 'queued' ? text.scheduledFor : null;
    const result: SendSmsResult = {
      messageId: text.messageId,
      enrollmentId: text.enrollmentId,
      status: scheduledFor ? 'scheduled' : text.status,
      scheduledFor,
      notice: scheduledFor ? noticeFor(r, scheduledFor, text.scheduledBecause) : null,
    };
    return { revision: r.revision, recorded: r.events.length, result };
  }
}

/** A retried idempotency key (nothing decided) answers with the message the first request created, as it is now. */
function firstRequest(state: StudentState, idempotencyKey: string): QueuedText {
  const { messageId } = state.idempotencyKeys.get(idempotencyKey)!;
  const { status, enrollmentId } = state.messages.get(messageId)!;
  const delivery = state.delivery.get(messageId);
  return {
    messageId,
    enrollmentId,
    status,
    scheduledFor: delivery?.scheduledFor ?? null,
    scheduledBecause: delivery?.scheduledBecause,
  };
}

/** "Scheduled for ..." in the student's time zone, naming the district's quiet hours when they are the reason. */
function noticeFor(r: StudentCommandResult, scheduledFor: string, because: ScheduleReason | undefined): string {
  const timeZone = studentTimeZone(r.state.profile ?? { timeZone: null }, r.context);
  return scheduleNotice(scheduledFor, because, timeZone, r.context.district?.quietHours);
}
