import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { deliveryStatusAdvances } from '../../../domain/student/delivery-status';
import type { StudentState } from '../../../domain/student/student.state';
import { ID_GENERATOR, type IdGenerator } from '../../ports/clock.port';

/** The district that owns texts from numbers no student has on file (configuration). */
export const INBOUND_DEFAULT_DISTRICT = Symbol('INBOUND_DEFAULT_DISTRICT');
import type { SmsReports } from '../../ports/sms-gateway.port';
import { ReceiveInboundSmsCommand } from '../../replies/receive-inbound-sms/receive-inbound-sms.command';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { SmsFailureReactions } from './failure-reactions';
import { systemEnvelope } from './system-actor';

type DeliveryReport = Parameters<SmsReports['deliveryStatus']>[0];

/** Turns what the phone network reports (delivery results, replies) into commands. */
@Injectable()
export class SmsReportsHandler implements SmsReports {
  constructor(
    private readonly runner: StudentCommandRunner,
    private readonly commandBus: CommandBus,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(INBOUND_DEFAULT_DISTRICT) private readonly defaultDistrictId: string,
    private readonly reactions: SmsFailureReactions,
  ) {}

  async deliveryStatus(report: DeliveryReport): Promise<void> {
    // Reports name the student's district (ids are scoped by district); a callback of a text sent before they were
    // names none, and its student's stream is a legacy one, which says whose it is.
    const districtOfReport = report.districtId ?? (await this.runner.streams.legacyDistrict(report.studentId));
    if (districtOfReport === null) return;
    const student = { districtId: districtOfReport, studentId: report.studentId };
    const seen = await this.runner.peek(student);
    if (alreadySeen(report, seen)) return;
    // A student and text this process already knows (neither goes away, nor does the student's district) need no read
    // first: the command decides on the stream itself (the runner appends only at the revision it decided on).
    // Failures always read first: their reactions judge the current state.
    const known = report.status !== 'failed' && seen?.profile && seen.messages.has(report.messageId) ? seen : undefined;
    const state = known ?? (await this.runner.read(student)).state;
    const districtId = state.profile?.districtId;
    // A report about a student or text we do not know (ids come from the callback URL) changes nothing.
    if (!districtId || !state.messages.has(report.messageId)) return;
    const { messageId, providerMessageId, status, errorCode, reason, failureKind } = report;
    const env = systemEnvelope('sms-status', districtId, this.ids.next());
    if (status === 'failed' && failureKind) {
      // The same reactions as a refusal at send time: retry (30003), flag the number (30005/30006), opt out (21610).
      await this.reactions.react(
        student,
        {
          messageId,
          kind: failureKind,
          code: errorCode,
          reason: reason ?? 'The phone network did not deliver the text.',
          providerMessageId,
          ambiguous: false,
        },
        env,
      );
      return;
    }
    // A report the text is already at or past (the "sent" callback after the dispatcher recorded Twilio's answer, a
    // repeat) is one the domain records nothing for (status only moves forward; see decideDeliveryStatus): judged on
    // the state just read, it costs no command. Not on a view that may be behind (known): there "already there" is
    // only sure for the same copy (alreadySeen), since a retry sends the text back to queued.
    if (!known && status !== 'failed' && !deliveryStatusAdvances(state.messages.get(messageId)!.status, status)) return;
    await this.runner.run(
      student,
      { type: 'RecordDeliveryStatus', data: { messageId, status, providerMessageId, errorCode, reason } },
      env,
    );
  }

  async inbound(report: Parameters<SmsReports['inbound']>[0]): Promise<void> {
    await this.commandBus.execute(
      new ReceiveInboundSmsCommand(report, systemEnvelope('sms-inbound', this.defaultDistrictId, this.ids.next())),
    );
  }
}

/**
 * A report of a step the same provider copy had already reached in the state this process last saw (no read; the
 * "sent" callback after the dispatcher recorded Twilio's answer, repeats). That state may be behind the stream, but
 * for one provider copy the status only moves forward, and a copy replaced by a retry has its reports ignored by the
 * domain (decideDeliveryReport). So the stream is at or past the report too, and the command would record nothing.
 * Failures always go on: they carry their own reactions.
 */
function alreadySeen(report: DeliveryReport, state: StudentState | undefined): boolean {
  if (report.status === 'failed' || !report.providerMessageId) return false;
  const seen = state?.messages.get(report.messageId);
  return (
    seen !== undefined &&
    seen.providerMessageId === report.providerMessageId &&
    !deliveryStatusAdvances(seen.status, report.status)
  );
}
