import { Inject, Injectable } from '@nestjs/common';
import { districtStreamId, type DistrictEvent } from '../../domain/district/district.events';
import { evolveDistrict, initialDistrictState } from '../../domain/district/district.state';
import { DomainError } from '../../domain/shared/domain-error';
import type { StudentCommand } from '../../domain/student/student.commands';
import { decideStudent } from '../../domain/student/student.decide';
import { studentStreamId, type StudentEvent } from '../../domain/student/student.events';
import { evolveStudent, initialStudentState, type StudentState } from '../../domain/student/student.state';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '../ports/clock.port';
import { ConcurrencyError, EVENT_STORE, type EventStore } from '../ports/event-store.port';
import type { CommandEnvelope } from './command-envelope';
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

const MAX_ATTEMPTS = 4;

/**
 * The one place a student command is executed: load the student (and the district's policy), decide, append
 * with the revision read. A conflict with another process is retried a bounded number of times, here only.
 */
@Injectable()
export class StudentCommandRunner {
  private readonly cache = new StreamStateCache<StudentState>();
  private readonly locks = new KeyedMutex();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  run(studentId: string, command: StudentCommand, env: CommandEnvelope): Promise<StudentCommandResult> {
    const streamId = studentStreamId(studentId);
    return this.locks.run(streamId, async () => {
      for (let attempt = 1; ; attempt++) {
        const { state, revision } = await this.load(streamId);
        if (env.expectedRevision !== undefined && env.expectedRevision !== revision) {
          throw new ConcurrencyError(streamId, env.expectedRevision, revision ?? 'no_stream');
        }
        const districtId = state.profile?.districtId ?? (command.type === 'RegisterStudent' ? command.data.districtId : env.actor.districtId);
        const district = await this.loadDistrictPolicy(districtId);
        const now = this.clock.now();
        const events = decideStudent(command, state, { actor: env.actor, now, district });
        if (events.length === 0) return { events, revision, state };
        try {
          const appended = await this.store.append(streamId, toEventData(events, command.type, env, now, this.ids), revision ?? 'no_stream');
          for (const e of events) evolveStudent(state, e);
          this.cache.set(streamId, state, appended.nextExpectedRevision);
          return { events, revision: appended.nextExpectedRevision, state };
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || env.expectedRevision !== undefined || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    });
  }

  /** Reads a student's current state without deciding anything (for answers and for the dispatcher). */
  async read(studentId: string): Promise<{ state: StudentState; revision: bigint | null }> {
    const streamId = studentStreamId(studentId);
    return this.locks.run(streamId, () => this.load(streamId));
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

  private async loadDistrictPolicy(districtId: string) {
    const events = await this.store.readStream(districtStreamId(districtId));
    let state = initialDistrictState();
    for (const e of events) state = evolveDistrict(state, asDomainEvent<DistrictEvent>(e));
    return state.policy;
  }
}

export function assertFound(value: unknown, code: string, message: string): asserts value {
  if (!value) throw new DomainError(code, message, 'not_found');
}
