import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DistrictSmsPolicy } from '../../domain/district/district.events';
import type { DecideContext } from '../../domain/student/decide-context';
import type { StudentCommand } from '../../domain/student/student.commands';
import { studentDecider } from '../../domain/student/student.decide';
import type { StudentEvent } from '../../domain/student/student.events';
import type { StudentKey } from '../../domain/student/student-stream';
import type { StudentState } from '../../domain/student/student.state';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '../ports/clock.port';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port';
import { SENDER_POOL } from '../ports/sms-gateway.port';
import type { CommandEnvelope } from './command-envelope';
import { DistrictPolicyCache } from './district-policy-cache';
import { StreamCommandRunner, type SequenceOutcome, type StreamCommandResult } from './stream-command-runner';
import { StudentStreams } from './student-streams';

export type StudentCommandResult = StreamCommandResult<StudentState, StudentEvent, DecideContext>;

/** Commands decided on the district's policy read from its stream, never from the cache (see DistrictPolicyCache). */
const FRESH_POLICY: ReadonlySet<StudentCommand['type']> = new Set(['RecordSendAttempt']);

/**
 * The generic stream runner (load, decide, append with the revision read, bounded retries) for student streams:
 * every decision is also told the district's SMS policy and the sender pool. Keeps one per-stream lock and state
 * cache for the whole process (it is a singleton), which the dispatcher and the handlers share.
 *
 * A student is named by district and id (StudentKey): callers pass the acting district, so a command can only ever
 * reach a student of that district. The stream is the student's scoped one, or their legacy one (StudentStreams).
 */
@Injectable()
export class StudentCommandRunner {
  private readonly runner: StreamCommandRunner<StudentCommand, StudentState, StudentEvent, DecideContext>;
  private readonly districts: DistrictPolicyCache;
  readonly streams: StudentStreams;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(ID_GENERATOR) ids: IdGenerator,
    @Optional() @Inject(SENDER_POOL) senderPool: readonly string[] = [],
  ) {
    this.districts = new DistrictPolicyCache(store);
    this.streams = StudentStreams.of(store);
    this.runner = new StreamCommandRunner(
      {
        decider: studentDecider,
        context: async (state, command, env) => {
          const districtId =
            state.profile?.districtId ??
            (command.type === 'RegisterStudent' ? command.data.districtId : env.actor.districtId);
          // The decision to send judges the district's policy as it is at that moment, not as cached up to a second ago.
          return { district: await this.districts.policy(districtId, FRESH_POLICY.has(command.type)), senderPool };
        },
      },
      { store, clock, ids },
    );
  }

  async run(student: StudentKey, command: StudentCommand, env: CommandEnvelope): Promise<StudentCommandResult> {
    return this.runner.run(await this.streams.studentStream(student), command, env);
  }

  /** A student's commands decided in order and appended together (StreamCommandRunner.runSequence). */
  async runSequence(
    student: StudentKey,
    steps: readonly { command: StudentCommand; env: CommandEnvelope }[],
    stops?: (error: unknown, command: StudentCommand) => boolean,
  ): Promise<SequenceOutcome<StudentEvent>[]> {
    return this.runner.runSequence(await this.streams.studentStream(student), steps, stops);
  }

  /** A policy change for this district was just appended: the next command reads it (DistrictPolicyCache). */
  districtPolicyChanged(districtId: string): void {
    this.districts.forget(districtId);
  }

  /** Reads a student's current state without deciding anything (for answers and for the dispatcher). */
  async read(student: StudentKey): Promise<{ state: StudentState; revision: bigint | null }> {
    return this.runner.read(await this.streams.studentStream(student));
  }

  /**
   * The student's state as this process last saw it, without reading: it may be behind the stream, never ahead.
   * Only for judgements that stay true as the stream grows (undefined: not cached).
   */
  async peek(student: StudentKey): Promise<StudentState | undefined> {
    return this.runner.peek(await this.streams.studentStream(student));
  }

  /** The student and their district's policy, for answers that judge without deciding (the SMS preview). */
  async readWithPolicy(student: StudentKey): Promise<{ state: StudentState; policy: DistrictSmsPolicy | null }> {
    const { state } = await this.read(student);
    return { state, policy: state.profile ? await this.districts.policy(state.profile.districtId) : null };
  }
}
