import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  unmatchedInboxDecider,
  unmatchedStreamId,
  type InboundSmsUnmatched,
  type KeepUnmatchedInbound,
  type UnmatchedInboxState,
} from '../../../domain/inbound/unmatched-inbound';
import type { DecisionContext } from '../../../domain/shared/decider';
import { DomainError } from '../../../domain/shared/domain-error';
import { normalizePhoneNumber } from '../../../domain/shared/phone-number';
import { classifyInbound } from '../../../domain/student/inbound-keywords';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '../../ports/clock.port';
import { EVENT_STORE, type EventStore } from '../../ports/event-store.port';
import { STUDENT_DIRECTORY, type DirectoryMatch, type StudentDirectory } from '../../ports/student-directory.port';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { StreamCommandRunner } from '../../shared/stream-command-runner';
import { ReceiveInboundSmsCommand, type ReceiveInboundSmsResult } from './receive-inbound-sms.command';

/** Who answers STOP/START/HELP: this service (default) or the provider's own opt-out handling (configuration). */
export const KEYWORD_REPLIES_BY = Symbol('KEYWORD_REPLIES_BY');

/**
 * Matches the sender's number to a student and records the text on the student's stream, with which of our numbers
 * it reached (the thread is decided by that pair, teacher first). Siblings sharing a family phone: see pick. No
 * match, or an ambiguous one nobody has texted: kept in the unmatched inbox, never dropped.
 */
@CommandHandler(ReceiveInboundSmsCommand)
export class ReceiveInboundSmsHandler implements ICommandHandler<ReceiveInboundSmsCommand> {
  /** The day's unmatched inbox, run by the generic runner (concurrent texts on one day are retried there). */
  private readonly inbox: StreamCommandRunner<
    KeepUnmatchedInbound,
    UnmatchedInboxState,
    InboundSmsUnmatched,
    DecisionContext
  >;

  constructor(
    private readonly runner: StudentCommandRunner,
    @Inject(STUDENT_DIRECTORY) private readonly directory: StudentDirectory,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Optional() @Inject(KEYWORD_REPLIES_BY) private readonly keywordRepliesBy: 'service' | 'provider' = 'service',
  ) {
    this.inbox = new StreamCommandRunner({ decider: unmatchedInboxDecider, cacheCapacity: 7 }, { store, clock, ids });
  }

  async execute({ data, env }: ReceiveInboundSmsCommand): Promise<ReceiveInboundSmsResult> {
    const from = safeNormalize(data.from);
    const matches = from ? await this.directory.findBySmsNumber(from) : [];
    const result = await this.record(data, env, from, matches);
    if (from && classifyInbound(data.body)?.kind === 'opt_out')
      await this.stopEveryStudentOn(from, matches, result, env);
    return result;
  }

  private async record(
    data: ReceiveInboundSmsCommand['data'],
    env: ReceiveInboundSmsCommand['env'],
    from: string | null,
    matches: DirectoryMatch[],
  ): Promise<ReceiveInboundSmsResult & { districtId?: string }> {
    const receivedOn = data.to === null ? null : safeNormalize(data.to);
    const districts = [...new Set(matches.map((m) => m.districtId))].sort();
    // Students of several districts share the number: which district's student wrote cannot be known, and a guess
    // could hand one district's text to another. Each of them keeps it in its unmatched inbox instead.
    if (districts.length > 1) return this.keepUnmatched({ ...data, from: from! }, 'ambiguous_number', env, districts);
    const match = from ? await this.pick(matches, receivedOn) : { reason: 'unknown_number' as const };
    if ('studentId' in match) {
      const r = await this.runner.run(
        { districtId: match.districtId, studentId: match.studentId },
        {
          type: 'RecordInboundSms',
          data: {
            messageId: this.ids.next(),
            body: data.body,
            channel: 'sms',
            providerMessageId: data.providerMessageId,
            staffId: null,
            receivedOn,
            ...(from ? { fromNumber: from } : {}),
            keywordRepliesBy: this.keywordRepliesBy,
            ...(data.bodySanitized ? { bodySanitized: true as const } : {}),
          },
        },
        { ...env, actor: { ...env.actor, districtId: match.districtId } },
      );
      const e = r.events[0];
      const { studentId, districtId } = match;
      if (!e) return { outcome: 'duplicate', studentId, staffId: null, districtId };
      return e.type === 'SmsReceived'
        ? { outcome: 'routed', studentId, staffId: e.data.staffId, districtId }
        : { outcome: 'unrouted', studentId, staffId: null, districtId };
    }
    const district = districts[0] ?? env.actor.districtId;
    return this.keepUnmatched({ ...data, from: from ?? data.from }, match.reason, env, [district]);
  }

  /**
   * STOP (or another opt-out keyword) from a phone is the phone's owner asking this service for no more texts, as
   * carriers and Twilio take it: every student who has that number on file is opted out, in every district, not only
   * the one the text was recorded for (a family phone of siblings; a number on file in two districts, whose text is
   * kept unmatched). The student it was recorded for was opted out by the text itself, with the one confirmation. Each
   * other student's opt-out is recorded on their own stream (automatic, "Student texted STOP"), only while the number
   * is still theirs; a provider's retry finds them opted out already and records nothing.
   */
  private async stopEveryStudentOn(
    from: string,
    matches: DirectoryMatch[],
    recorded: { studentId: string | null; districtId?: string },
    env: ReceiveInboundSmsCommand['env'],
  ): Promise<void> {
    const failures: unknown[] = [];
    for (const m of matches) {
      if (m.studentId === recorded.studentId && m.districtId === recorded.districtId) continue;
      // Every student is tried even if one fails (the error is raised after the last), so one cannot shield the rest.
      await this.runner
        .run(
          { districtId: m.districtId, studentId: m.studentId },
          { type: 'OptOut', data: { requestedBy: 'keyword', ifNumberOnFile: from } },
          { ...env, actor: { ...env.actor, districtId: m.districtId } },
        )
        .catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw failures[0];
  }

  /** Kept in each district's unmatched inbox (a number no student has: the default district's), once per district. */
  private async keepUnmatched(
    data: ReceiveInboundSmsCommand['data'],
    reason: InboundSmsUnmatched['data']['reason'],
    env: ReceiveInboundSmsCommand['env'],
    districtIds: readonly string[],
  ): Promise<ReceiveInboundSmsResult> {
    const streamId = unmatchedStreamId(this.clock.now());
    let kept = 0;
    for (const districtId of districtIds) {
      const command: KeepUnmatchedInbound = {
        type: 'ReceiveInboundSms',
        data: { messageId: this.ids.next(), districtId, reason, ...data },
      };
      const districtEnv = { ...env, actor: { ...env.actor, districtId } };
      kept += (await this.inbox.run(streamId, command, districtEnv)).events.length;
    }
    return { outcome: kept === 0 ? 'duplicate' : 'unmatched', studentId: null, staffId: null };
  }

  /**
   * Siblings on one family phone: the sibling with a thread on the number the text reached, if only one has; else,
   * among those (or all), the one staff texted most recently. Nobody texted: ambiguous, kept unmatched.
   */
  private async pick(
    matches: DirectoryMatch[],
    receivedOn: string | null,
  ): Promise<DirectoryMatch | { reason: 'unknown_number' | 'ambiguous_number' }> {
    if (matches.length === 0) return { reason: 'unknown_number' };
    if (matches.length === 1) return matches[0]!;
    let candidates = matches;
    if (receivedOn !== null) {
      const onNumber: DirectoryMatch[] = [];
      for (const m of matches)
        if ([...(await this.runner.read(m)).state.threadSenders.values()].includes(receivedOn)) onNumber.push(m);
      if (onNumber.length > 0) candidates = onNumber;
    }
    const texted = candidates
      .filter((m) => m.lastOutboundAt)
      .sort((a, b) => b.lastOutboundAt!.getTime() - a.lastOutboundAt!.getTime());
    return texted[0] ?? { reason: 'ambiguous_number' };
  }
}

function safeNormalize(raw: string): string | null {
  try {
    return normalizePhoneNumber(raw);
  } catch (e) {
    if (e instanceof DomainError) return null;
    throw e;
  }
}
