import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DistrictSmsPolicy } from '../../domain/district/district.events';
import type { StudentCommand } from '../../domain/student/student.commands';
import { decideStudent } from '../../domain/student/student.decide';
import { studentStreamId, type StudentEvent } from '../../domain/student/student.events';
import { evolveStudent, initialStudentState, type StudentState } from '../../domain/student/student.state';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '../ports/clock.port';
import { ConcurrencyError, EVENT_STORE, type EventStore } from '../ports/event-store.port';
import { SENDER_POOL } from '../ports/sms-gateway.port';
import type { CommandEnvelope } from './command-envelope';
import { DistrictPolicyCache } from './district-policy-cache';
import { KeyedMutex } from './keyed-mutex';
import { StreamStateCache } from './stream-state-cache';
import { asDomainEvent, toEventData } from './to-event-data';

export interface StudentCommandResult {
  events: StudentEvent[];
  /** The stream revision after the command, or null if the stream still does not exist. */
  revision: bigint | null;
  /** The state after the command (for handlers that answer with something from it). */
  state: StudentState;
}

/**
 * Conflicts with another writer (usually another replica on a busy student) tried again before giving up. Each retry
 * waits a random time up to a doubling cap (full jitter), so two replicas racing for one stream stop colliding in step.
 * A conflict is never the client's doing here: only a stale If-Match (412) or a reused idempotency key (409) is.
 * Worst case about 3.6 s of waiting in all (1.8 s expected); a two-replica burst on one student needs up to 6 tries.
 */
const MAX_ATTEMPTS = 12;
const CONFLICT_BACKOFF_BASE_MS = 10;
const CONFLICT_BACKOFF_CAP_MS = 500;
const conflictBackoff = (conflicts: number): Promise<void> => {
  const cap = Math.min(CONFLICT_BACKOFF_CAP_MS, CONFLICT_BACKOFF_BASE_MS * 2 ** conflicts);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * cap));
};
/** Commands decided on the district's policy read from its stream, never from the cache (see DistrictPolicyCache). */
const FRESH_POLICY: ReadonlySet<StudentCommand['type']> = new Set(['RecordSendAttempt']);

/**
 * The one place a student command is executed: load the student (and the district's policy), decide, append
 * with the revision read. A conflict with another process is retried a bounded number of times, with jittered
 * backoff, here only.
 */
@Injectable()
export class StudentCommandRunner {
  private readonly cache = new StreamStateCache<StudentState>();
  private readonly locks = new KeyedMutex();
  private readonly districts: DistrictPolicyCache;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Optional() @Inject(SENDER_POOL) private readonly senderPool: readonly string[] = [],
  ) {
    this.districts = new DistrictPolicyCache(store);
  }

  run(studentId: string, command: StudentCommand, env: CommandEnvelope): Promise<StudentCommandResult> {
    const streamId = studentStreamId(studentId);
    return this.locks.run(streamId, async () => {
      // Optimistic first attempt (see decideOn): a cached state is used without re-reading the stream. Not with
      // If-Match, whose revision must be compared with the stream itself before deciding.
      let optimistic = env.expectedRevision === undefined;
      let conflicts = 0;
      for (;;) {
        const cached = optimistic ? this.cache.get(streamId) : undefined;
        optimistic = false;
        const { state, revision } = cached ?? (await this.load(streamId));
        if (env.expectedRevision !== undefined && env.expectedRevision !== revision) {
          throw new ConcurrencyError(streamId, env.expectedRevision, revision ?? 'no_stream');
        }
        const decided = await this.decideOn(streamId, command, env, state, revision, cached !== undefined);
        if (decided === 'stale') continue;
        const { events, now } = decided;
        if (events.length === 0) return { events, revision, state };
        try {
          const appended = await this.store.append(streamId, toEventData(events, command.type, env, now, this.ids), revision ?? 'no_stream');
          for (const e of events) evolveStudent(state, e);
          this.cache.set(streamId, state, appended.nextExpectedRevision);
          return { events, revision: appended.nextExpectedRevision, state };
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || env.expectedRevision !== undefined) throw error;
          // An optimistic decision that lost to another writer is taken again on the fresh state, uncounted.
          if (cached !== undefined) continue;
          if (++conflicts >= MAX_ATTEMPTS) throw error;
          await conflictBackoff(conflicts);
        }
      }
    });
  }

  /**
   * Decides on `state`. When the state came from the cache without a read (`unconfirmed`), an outcome that will be
   * appended needs nothing more: the append's expected-revision check proves the state was current. An outcome that
   * appends nothing (already so) or a refusal is only returned after a catch-up read finds no newer events; if it
   * finds some, they are folded in (same object) and the caller decides again: 'stale'. Either way the answer is the
   * one reading first would have given, with one round trip fewer in the common case.
   */
  private async decideOn(streamId: string, command: StudentCommand, env: CommandEnvelope, state: StudentState, revision: bigint | null, unconfirmed: boolean): Promise<{ events: StudentEvent[]; now: Date } | 'stale'> {
    const confirmed = async (): Promise<boolean> => !unconfirmed || (await this.load(streamId)).revision === revision;
    const districtId = state.profile?.districtId ?? (command.type === 'RegisterStudent' ? command.data.districtId : env.actor.districtId);
    // The decision to send judges the district's policy as it is at that moment, not as cached up to a second ago.
    if (FRESH_POLICY.has(command.type)) this.districts.forget(districtId);
    const district = await this.districts.policy(districtId);
    const now = this.clock.now();
    let events: StudentEvent[];
    try {
      events = decideStudent(command, state, { actor: env.actor, now, district, senderPool: this.senderPool });
    } catch (error) {
      if (!(await confirmed())) return 'stale';
      throw error;
    }
    if (events.length === 0 && !(await confirmed())) return 'stale';
    return { events, now };
  }

  /** A policy change for this district was just appended: the next command reads it (DistrictPolicyCache). */
  districtPolicyChanged(districtId: string): void {
    this.districts.forget(districtId);
  }

  /** Reads a student's current state without deciding anything (for answers and for the dispatcher). */
  async read(studentId: string): Promise<{ state: StudentState; revision: bigint | null }> {
    const streamId = studentStreamId(studentId);
    return this.locks.run(streamId, () => this.load(streamId));
  }

  /**
   * The student's state as this process last saw it, without reading: it may be behind the stream, never ahead.
   * Only for judgements that stay true as the stream grows (undefined: not cached).
   */
  peek(studentId: string): StudentState | undefined {
    return this.cache.get(studentStreamId(studentId))?.state;
  }

  /** The student and their district's policy, for answers that judge without deciding (the SMS preview). */
  async readWithPolicy(studentId: string): Promise<{ state: StudentState; policy: DistrictSmsPolicy | null }> {
    const { state } = await this.read(studentId);
    return { state, policy: state.profile ? await this.districts.policy(state.profile.districtId) : null };
  }

  private async load(streamId: string): Promise<{ state: StudentState; revision: bigint | null }> {
    const cached = this.cache.get(streamId);
    const state = cached?.state ?? initialStudentState();
    let revision = cached?.revision ?? null;
    const newer = await this.store.readStream(streamId, { fromRevision: revision === null ? 0n : revision + 1n });
    for (const e of newer) {
      evolveStudent(state, asDomainEvent<StudentEvent>(e));
      revision = e.revision;
    }
    if (revision !== null) this.cache.set(streamId, state, revision);
    return { state, revision };
  }
}
