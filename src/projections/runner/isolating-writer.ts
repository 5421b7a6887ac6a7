import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { EventStoreUnavailableError, type RecordedEvent } from '../../application/ports/event-store.port';
import { isUnavailable } from '../../infrastructure/event-store/postgres/postgres-errors';
import { parseStudentStreamId } from '../../domain/student/student-stream';
import { inCheckpointedTransaction, type CommitMode } from './pg-sql-tx';
import type { Projection, SqlTx } from './projection';

/** Tries of one event (the first included) before it is isolated; the waits between them double from the base. */
export const ISOLATION_ATTEMPTS = 3;
const ISOLATION_BACKOFF_MS = 50;

/**
 * Who an event is about: its student (the student's stream, or a `studentId` in its data), else its stream. A failed
 * event holds back that subject only, in that projection. Student ids are scoped by district, so a student's subject
 * is `<districtId>/<studentId>` (a legacy stream's district: the one its events act for).
 */
export function subjectOf(event: RecordedEvent): { subject: string; studentId: string | null } {
  const stream = parseStudentStreamId(event.streamId);
  const data = event.data as { studentId?: unknown } | null;
  const studentId = stream?.studentId ?? (data && typeof data.studentId === 'string' ? data.studentId : null);
  if (studentId === null) return { subject: event.streamId, studentId: null };
  return { subject: `${stream?.districtId ?? event.metadata.actor.districtId}/${studentId}`, studentId };
}

/**
 * Not a verdict on the event: the database or the store is away or out of resources, a statement timed out, a lock
 * or serialization conflict. The caller backs off and tries the whole batch again later.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError || error instanceof CheckpointWentBackError || isUnavailable(error))
    return true;
  const code = (error as { code?: unknown } | null)?.code;
  // Serialization failure, deadlock, lock timeout, statement timeout; class 53: disk full, out of memory, too many connections.
  return typeof code === 'string' && (['40001', '40P01', '55P03', '57014'].includes(code) || code.startsWith('53'));
}

/**
 * A projection's stored checkpoint is below the one this runner committed for it: commits it was told had succeeded
 * are gone (a live commit is not flushed at once, see CommitMode, and a PostgreSQL crash loses the last few), or a
 * rebuild swapped in tables that end earlier. Applying the batch in hand would move the checkpoint past the events
 * in between, which would then be missing from the read model with a lag of 0. The runner resumes from the stored
 * checkpoints instead, and those events are applied again.
 */
export class CheckpointWentBackError extends Error {
  constructor(projection: string, stored: bigint, committed: bigint) {
    super(
      `The ${projection} checkpoint is at ${stored}, below the ${committed} this runner committed: resuming from the stored checkpoint`,
    );
    this.name = 'CheckpointWentBackError';
  }
}

/**
 * What may be stored about a failure: the SQLSTATE or error name and the message with every quoted value elided
 * (PostgreSQL quotes the offending input in messages such as `invalid input syntax for type uuid: "…"`).
 */
export function scrubError(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : 'Error';
  const message =
    typeof e?.message === 'string'
      ? e.message.replace(/"[^"]*"|'[^']*'/g, '"…"').replace(/\s+/g, ' ')
      : 'unknown error';
  return `${code}: ${message}`.slice(0, 300);
}

/**
 * Writes batches to one projection so that one bad event never stops the others. A batch that fails is written
 * again one event at a time; an event that still fails after ISOLATION_ATTEMPTS is recorded in projection_failures,
 * its subject is marked incomplete from it (projection_incomplete) and the checkpoint moves past it. Later events of
 * a marked subject are held: counted on the mark, not applied, until `projections retry` re-applies them in order.
 * Transient failures (isTransient) are never isolated: they are rethrown for the caller to back off.
 */
export class IsolatingWriter {
  private readonly logger = new Logger('ProjectionIsolation');

  /**
   * `committed`: the checkpoints this runner committed, by projection, kept across batches (the live runner's). Given,
   * every transaction first checks that the stored checkpoint is not below it (CheckpointWentBackError) and records
   * the checkpoint it commits.
   */
  constructor(
    private readonly pool: Pool,
    private readonly projection: Projection,
    private readonly committed?: Map<string, bigint>,
  ) {}

  /**
   * True when the events were applied whole, in one transaction, with `prepared` (given or not): false when some
   * were already done or held, or the batch failed and was written one event at a time.
   */
  async write(events: readonly RecordedEvent[], mode: CommitMode, prepared?: unknown): Promise<boolean> {
    try {
      return await this.attempt(events, mode, prepared);
    } catch (error) {
      if (isTransient(error)) throw error;
      if (events.length === 1) await this.writeOne(events[0]!, mode, error);
      else for (const event of events) await this.writeOne(event, mode);
      return false;
    }
  }

  /** True when every event was applied, with `prepared`. */
  private async attempt(events: readonly RecordedEvent[], mode: CommitMode, prepared?: unknown): Promise<boolean> {
    let whole = false;
    await this.transaction(mode, async (tx, done, held) => {
      const fresh = events.filter((e) => e.position > done);
      if (fresh.length === 0) return undefined;
      const apply = held.size === 0 ? fresh : await holdBack(tx, this.projection.name, fresh, held);
      // What was prepared is for the whole batch only.
      whole = apply.length === events.length;
      if (apply.length > 0) await this.projection.apply(tx, apply, whole ? prepared : undefined);
      return fresh[fresh.length - 1]!.position;
    });
    return whole;
  }

  /** inCheckpointedTransaction, checked against and recording `committed` (see the constructor). */
  private async transaction(
    mode: CommitMode,
    work: (tx: SqlTx, done: bigint, held: ReadonlySet<string>) => Promise<bigint | undefined>,
  ): Promise<void> {
    const name = this.projection.name;
    let next: bigint | undefined;
    await inCheckpointedTransaction(this.pool, name, mode, async (tx, done, held) => {
      const committed = this.committed?.get(name);
      if (committed !== undefined && done < committed) throw new CheckpointWentBackError(name, done, committed);
      next = await work(tx, done, held);
      return next;
    });
    // Only once COMMIT has answered: a failed commit leaves the expectation where it was.
    if (next !== undefined) this.committed?.set(name, next);
  }

  /** One event, tried with backoff, then isolated. `failed`: the error of a first try already made. */
  private async writeOne(event: RecordedEvent, mode: CommitMode, failed?: unknown): Promise<void> {
    let error = failed;
    for (let attempt = failed === undefined ? 1 : 2; ; attempt++) {
      if (error !== undefined) await new Promise((r) => setTimeout(r, ISOLATION_BACKOFF_MS * 2 ** (attempt - 2)));
      try {
        await this.attempt([event], mode);
        return;
      } catch (e) {
        if (isTransient(e)) throw e;
        error = e;
      }
      if (attempt >= ISOLATION_ATTEMPTS) return this.isolate(event, error, attempt);
    }
  }

  private async isolate(event: RecordedEvent, error: unknown, attempts: number): Promise<void> {
    const { subject, studentId } = subjectOf(event);
    const reason = scrubError(error);
    await this.transaction('durable', async (tx, done) => {
      if (event.position <= done) return undefined;
      const position = event.position.toString();
      await tx.query(
        `INSERT INTO projection_failures (projection, position, stream_id, subject, student_id, event_type, error, attempts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (projection, position) DO UPDATE SET error = EXCLUDED.error, attempts = projection_failures.attempts + EXCLUDED.attempts, failed_at = now()`,
        [this.projection.name, position, event.streamId, subject, studentId, event.type, reason, attempts],
      );
      await tx.query(
        `INSERT INTO projection_incomplete (projection, subject, student_id, from_position, last_position) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (projection, subject) DO UPDATE SET held_events = projection_incomplete.held_events + 1,
           last_position = GREATEST(projection_incomplete.last_position, EXCLUDED.last_position)`,
        [this.projection.name, subject, studentId, position],
      );
      return event.position;
    });
    // No body, no student id in the log line: the failure table has what an operator needs.
    this.logger.error(
      { projection: this.projection.name, position: event.position.toString(), eventType: event.type, err: reason },
      'Projection isolated an event it cannot apply; that subject is marked incomplete (projections failures / retry)',
    );
  }
}

/** Counts the events of held subjects on their marks (projection_incomplete) and returns the others, in order. */
export async function holdBack(
  tx: SqlTx,
  projection: string,
  events: readonly RecordedEvent[],
  held: ReadonlySet<string>,
): Promise<RecordedEvent[]> {
  const apply: RecordedEvent[] = [];
  const counts = new Map<string, { n: number; last: bigint }>();
  for (const event of events) {
    const { subject } = subjectOf(event);
    if (!held.has(subject)) {
      apply.push(event);
      continue;
    }
    counts.set(subject, { n: (counts.get(subject)?.n ?? 0) + 1, last: event.position });
  }
  for (const [subject, { n, last }] of counts) {
    await tx.query(
      'UPDATE projection_incomplete SET held_events = held_events + $3, last_position = GREATEST(last_position, $4) WHERE projection = $1 AND subject = $2',
      [projection, subject, n, last.toString()],
    );
  }
  return apply;
}
