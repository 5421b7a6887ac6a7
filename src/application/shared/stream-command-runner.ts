import type { Decider, DecisionContext } from '../../domain/shared/decider';
import type { DomainEvent } from '../../domain/shared/event';
import type { Clock, IdGenerator } from '../ports/clock.port';
import { ConcurrencyError, type EventStore, type EventToAppend } from '../ports/event-store.port';
import type { CommandEnvelope } from './command-envelope';
import { KeyedMutex } from './keyed-mutex';
import { StreamStateCache } from './stream-state-cache';
import { asDomainEvent, toEventData } from './to-event-data';

type Command = { type: string };

/** How one kind of stream is run: its decider, and what its decisions are told besides who and when. */
export interface StreamKind<C extends Command, S, E extends DomainEvent, X extends DecisionContext> {
  decider: Decider<C, S, E, X>;
  /** The rest of the decision's context, looked up for each decision (a student's: the district's policy). */
  context?(state: S, command: C, env: CommandEnvelope): Promise<Omit<X, keyof DecisionContext>>;
  /**
   * A log whose decisions never depend on what it holds (the access record): decided on the initial state without
   * reading the stream, appended with expected revision 'any', so its writers never wait on or conflict with each
   * other. The envelope's If-Match is about the student's stream, never about such a log, and is not applied to it.
   */
  appendOnly?: boolean;
  /** The id of each event to append (a derived one makes a repeated request recognisable); default: a fresh id. */
  eventId?(event: E, env: CommandEnvelope): string;
  /** How many streams' folded states are kept between commands (default 5,000). */
  cacheCapacity?: number;
}

/** One command's outcome in a sequence: the events it decided (none: already so), or why it was refused. */
export type SequenceOutcome<E> = { events: E[]; error?: undefined } | { error: unknown; events?: undefined };

export interface StreamCommandResult<S, E, X> {
  events: E[];
  /** The stream revision after the command, or null if the stream still does not exist. */
  revision: bigint | null;
  /** The state after the command. */
  state: S;
  /** What the decision was told (the district's policy, the time): answers worded from it need no second read. */
  context: X;
}

/**
 * Conflicts with another writer (usually another replica on a busy stream) tried again before giving up. Each retry
 * waits a random time up to a doubling cap (full jitter), so two replicas racing for one stream stop colliding in step.
 * A conflict is never the client's doing here: only a stale If-Match (412) or a reused idempotency key (409) is.
 * Worst case about 3.6 s of waiting in all (1.8 s expected); a two-replica burst on one student needs up to 6 tries.
 */
export interface ConflictRetries {
  maxAttempts: number;
  backoff(conflicts: number): Promise<void>;
}
const CONFLICT_BACKOFF_BASE_MS = 10;
const CONFLICT_BACKOFF_CAP_MS = 500;
export const CONFLICT_RETRIES: ConflictRetries = {
  maxAttempts: 12,
  backoff: (conflicts) => {
    const cap = Math.min(CONFLICT_BACKOFF_CAP_MS, CONFLICT_BACKOFF_BASE_MS * 2 ** conflicts);
    return new Promise((resolve) => setTimeout(resolve, Math.random() * cap));
  },
};

export interface StreamRunnerDeps {
  store: EventStore;
  clock: Clock;
  /** Mints event ids; not needed by a kind that derives them (eventId). */
  ids?: IdGenerator;
  retries?: ConflictRetries;
}

/**
 * The one place a command on any stream is executed: load the stream's state, decide, append with the revision read.
 * A conflict with another process is retried a bounded number of times, with jittered backoff, here only; with an
 * If-Match (the caller's expected revision) a stale stream is a ConcurrencyError at once, never retried.
 *
 * In-process, commands on one stream queue behind a per-stream lock, and each stream's folded state is cached with its
 * revision, so a command reads only the events after it. Correctness never rests on either: the expected-revision
 * check on append catches every other writer.
 */
export class StreamCommandRunner<C extends Command, S, E extends DomainEvent, X extends DecisionContext> {
  private readonly cache: StreamStateCache<S>;
  private readonly locks = new KeyedMutex();
  private readonly retries: ConflictRetries;

  constructor(
    private readonly kind: StreamKind<C, S, E, X>,
    private readonly deps: StreamRunnerDeps,
  ) {
    if (!kind.eventId && !deps.ids)
      throw new Error('A stream runner needs an id generator unless its kind derives event ids');
    this.cache = new StreamStateCache<S>(kind.cacheCapacity ?? 5000);
    this.retries = deps.retries ?? CONFLICT_RETRIES;
  }

  run(streamId: string, command: C, env: CommandEnvelope): Promise<StreamCommandResult<S, E, X>> {
    if (this.kind.appendOnly) return this.appendToLog(streamId, command, env);
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
        const { events, context } = decided;
        if (events.length === 0) return { events, revision, state, context };
        try {
          const appended = await this.deps.store.append(
            streamId,
            this.toAppend(events, command, env, context.now),
            revision ?? 'no_stream',
          );
          let next = state;
          for (const e of events) next = this.kind.decider.evolve(next, e);
          this.cache.set(streamId, next, appended.nextExpectedRevision);
          return { events, revision: appended.nextExpectedRevision, state: next, context };
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || env.expectedRevision !== undefined) throw error;
          // An optimistic decision that lost to another writer is taken again on the fresh state, uncounted.
          if (cached !== undefined) continue;
          if (++conflicts >= this.retries.maxAttempts) throw error;
          await this.retries.backoff(conflicts);
        }
      }
    });
  }

  /**
   * Several commands on one stream, decided in order each on the state the one before left, and appended together: one
   * read and one append (a school's sync registers a student and starts their enrollments in one write, all or
   * nothing). A refused command appends nothing and is answered with its error; the ones after it still decide unless
   * `stops(error)` says the refusal ends the sequence (their outcomes are then missing). A conflict with another
   * writer re-decides the whole sequence on the fresh state, with the same bounded retries as `run`.
   *
   * Sequences are bulk writes (a school's sync of thousands of students): a stream whose state was not kept when its
   * sequence began is not kept after it either, so an import never pushes the states of the streams people are
   * working with out of the cache (10,000 students registered by one import used to evict every teacher's students:
   * their next texts each read a whole history again). A stream already kept is kept up to date as before.
   */
  runSequence(
    streamId: string,
    steps: readonly { command: C; env: CommandEnvelope }[],
    stops: (error: unknown, command: C) => boolean = () => false,
  ): Promise<SequenceOutcome<E>[]> {
    if (this.kind.appendOnly) throw new Error('runSequence is for streams whose decisions read their state');
    return this.locks.run(streamId, async () => {
      const warm = this.cache.has(streamId);
      for (let conflicts = 0; ;) {
        const start = await this.load(streamId, warm);
        // The state is evolved in place between the steps, before the append: it leaves the cache until the append
        // succeeds, so no other reader sees decisions that may never be recorded, and a failed append leaves nothing.
        this.cache.delete(streamId);
        let state = start.state;
        const outcomes: SequenceOutcome<E>[] = [];
        const toAppend: EventToAppend[] = [];
        for (const { command, env } of steps) {
          try {
            const context = await this.contextFor(state, command, env);
            const events = this.kind.decider.decide(command, state, context);
            toAppend.push(...this.toAppend(events, command, env, context.now));
            for (const e of events) state = this.kind.decider.evolve(state, e);
            outcomes.push({ events });
          } catch (error) {
            outcomes.push({ error });
            if (stops(error, command)) break;
          }
        }
        if (toAppend.length === 0) {
          if (warm && start.revision !== null) this.cache.set(streamId, state, start.revision);
          return outcomes;
        }
        try {
          const appended = await this.deps.store.append(streamId, toAppend, start.revision ?? 'no_stream');
          if (warm) this.cache.set(streamId, state, appended.nextExpectedRevision);
          return outcomes;
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || ++conflicts >= this.retries.maxAttempts) throw error;
          await this.retries.backoff(conflicts);
        }
      }
    });
  }

  /** Reads a stream's current state without deciding anything (queued behind commands on the same stream). */
  read(streamId: string): Promise<{ state: S; revision: bigint | null }> {
    return this.locks.run(streamId, () => this.load(streamId));
  }

  /**
   * The stream's state as this process last saw it, without reading: it may be behind the stream, never ahead.
   * Only for judgements that stay true as the stream grows (undefined: not cached).
   */
  peek(streamId: string): S | undefined {
    return this.cache.get(streamId)?.state;
  }

  /**
   * Decides on `state`. When the state came from the cache without a read (`unconfirmed`), an outcome that will be
   * appended needs nothing more: the append's expected-revision check proves the state was current. An outcome that
   * appends nothing (already so) or a refusal is only returned after a catch-up read finds no newer events; if it
   * finds some, they are folded in and the caller decides again: 'stale'. Either way the answer is the one reading
   * first would have given, with one round trip fewer in the common case.
   */
  private async decideOn(
    streamId: string,
    command: C,
    env: CommandEnvelope,
    state: S,
    revision: bigint | null,
    unconfirmed: boolean,
  ): Promise<{ events: E[]; context: X } | 'stale'> {
    const confirmed = async (): Promise<boolean> => !unconfirmed || (await this.load(streamId)).revision === revision;
    const context = await this.contextFor(state, command, env);
    let events: E[];
    try {
      events = this.kind.decider.decide(command, state, context);
    } catch (error) {
      if (!(await confirmed())) return 'stale';
      throw error;
    }
    if (events.length === 0 && !(await confirmed())) return 'stale';
    return { events, context };
  }

  private async contextFor(state: S, command: C, env: CommandEnvelope): Promise<X> {
    const rest = this.kind.context ? await this.kind.context(state, command, env) : {};
    return { ...rest, actor: env.actor, now: this.deps.clock.now() } as X;
  }

  private async appendToLog(streamId: string, command: C, env: CommandEnvelope): Promise<StreamCommandResult<S, E, X>> {
    const state = this.kind.decider.initialState();
    const context = await this.contextFor(state, command, env);
    const events = this.kind.decider.decide(command, state, context);
    if (events.length === 0) return { events, revision: null, state, context };
    const appended = await this.deps.store.append(streamId, this.toAppend(events, command, env, context.now), 'any');
    return { events, revision: appended.nextExpectedRevision, state, context };
  }

  private toAppend(events: E[], command: C, env: CommandEnvelope, now: Date) {
    const { eventId } = this.kind;
    let ids = this.deps.ids!;
    if (eventId) {
      const derived = events.map((e) => eventId(e, env));
      let i = 0;
      ids = { next: () => derived[i++]! };
    }
    return toEventData(events, command.type, env, now, ids);
  }

  /** The stream's state, caught up from the cached one; kept afterwards unless `keep` is false. */
  private async load(streamId: string, keep = true): Promise<{ state: S; revision: bigint | null }> {
    const cached = this.cache.get(streamId);
    let state = cached?.state ?? this.kind.decider.initialState();
    let revision = cached?.revision ?? null;
    const newer = await this.deps.store.readStream(streamId, { fromRevision: revision === null ? 0n : revision + 1n });
    for (const e of newer) {
      state = this.kind.decider.evolve(state, asDomainEvent<E>(e));
      revision = e.revision;
    }
    if (keep && revision !== null) this.cache.set(streamId, state, revision);
    return { state, revision };
  }
}
