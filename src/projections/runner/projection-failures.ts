import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../application/ports/event-store.port';
import { inCheckpointedTransaction, pgPoolOf } from './pg-sql-tx';
import { holdBack, scrubError, subjectOf } from './isolating-writer';
import { PROJECTIONS, type Projection } from './projection';
import { READ_MODEL_DATA_SOURCE } from './read-model-data-source';

export interface ProjectionFailureView {
  id: string;
  projection: string;
  position: string;
  streamId: string;
  studentId: string | null;
  eventType: string;
  error: string;
  attempts: number;
  failedAt: string;
  /** Later events of the same subject held back behind this one. */
  heldEvents: number;
}

/** What /health shows: no student ids (it is public), only where the record is stuck. */
export interface ProjectionHealth {
  name: string;
  /** Events in the log after this projection's checkpoint (counted up to LAG_CAP). */
  lag: number;
  stuck: { failureId: string; position: string; eventType: string; heldEvents: number }[];
}

const LAG_CAP = 1_000;
const READ_PAGE = 1_000;

/** The operator's view of isolated events (`projections failures`, `projections retry`) and the health summary. */
@Injectable()
export class ProjectionFailures {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource,
    @Inject(PROJECTIONS) private readonly projections: readonly Projection[],
  ) {}

  async list(): Promise<ProjectionFailureView[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT f.id::text AS id, f.projection, f.position::text AS position, f.stream_id, f.student_id, f.event_type, f.error, f.attempts,
              f.failed_at, coalesce(i.held_events, 0) AS held_events
         FROM projection_failures f LEFT JOIN projection_incomplete i ON i.projection = f.projection AND i.subject = f.subject
        ORDER BY f.projection, f.position`,
    );
    return rows.map((r) => ({
      id: r.id as string,
      projection: r.projection as string,
      position: r.position as string,
      streamId: r.stream_id as string,
      studentId: r.student_id as string | null,
      eventType: r.event_type as string,
      error: r.error as string,
      attempts: r.attempts as number,
      failedAt: (r.failed_at as Date).toISOString(),
      heldEvents: r.held_events as number,
    }));
  }

  async health(): Promise<ProjectionHealth[]> {
    const checkpoints = new Map(
      (
        (await this.db.query('SELECT name, position::text AS position FROM projection_checkpoints')) as {
          name: string;
          position: string;
        }[]
      ).map((r) => [r.name, BigInt(r.position)]),
    );
    const least = this.projections.map((p) => checkpoints.get(p.name) ?? -1n).reduce((a, b) => (b < a ? b : a));
    const from = this.projections.every((p) => checkpoints.has(p.name)) ? least : -1n;
    const ahead = await this.store.readAll({ after: from, maxCount: LAG_CAP });
    const failures = await this.list();
    return this.projections.map((p) => {
      const done = checkpoints.get(p.name) ?? -1n;
      return {
        name: p.name,
        lag: ahead.filter((e) => e.position > done).length,
        stuck: failures
          .filter((f) => f.projection === p.name)
          .map((f) => ({ failureId: f.id, position: f.position, eventType: f.eventType, heldEvents: f.heldEvents })),
      };
    });
  }

  /**
   * Re-applies, in log order, every event of each incomplete subject from its failed event up to the projection's
   * checkpoint, in one transaction with the checkpoint row locked (the live runner waits meanwhile). On success the
   * mark and its failures are cleared and the subject is complete again; on failure nothing changes but the error.
   * `id`: only the subject of that failure; otherwise all.
   */
  async retry(id?: string): Promise<{ retried: number; cleared: number; failed: { id: string; error: string }[] }> {
    const pool = pgPoolOf(this.db);
    if (!pool) throw new Error('The read models need a PostgreSQL DataSource');
    const failures = (await this.list()).filter((f) => id === undefined || f.id === id);
    if (id !== undefined && failures.length === 0) throw new Error(`No projection failure with id ${id}`);
    const marks = new Map<string, { projection: Projection; subject: string; failure: ProjectionFailureView }>();
    for (const f of failures) {
      const projection = this.projections.find((p) => p.name === f.projection);
      const subject = (
        (await this.db.query('SELECT subject FROM projection_failures WHERE id = $1', [f.id])) as { subject: string }[]
      )[0]?.subject;
      if (projection && subject !== undefined && !marks.has(`${f.projection}\u0001${subject}`))
        marks.set(`${f.projection}\u0001${subject}`, { projection, subject, failure: f });
    }
    const result = { retried: marks.size, cleared: 0, failed: [] as { id: string; error: string }[] };
    for (const { projection, subject, failure } of marks.values()) {
      try {
        await inCheckpointedTransaction(pool, projection.name, 'durable', async (tx, done) => {
          const [mark] = await tx.query<{ from_position: string }>(
            'SELECT from_position::text AS from_position FROM projection_incomplete WHERE projection = $1 AND subject = $2 FOR UPDATE',
            [projection.name, subject],
          );
          if (!mark) return undefined;
          const events = await this.eventsOf(subject, BigInt(mark.from_position) - 1n, done);
          // Other subjects still held are left alone (the same event can concern only one subject).
          const others = (
            await tx.query<{ subject: string }>(
              'SELECT subject FROM projection_incomplete WHERE projection = $1 AND subject <> $2',
              [projection.name, subject],
            )
          ).map((r) => r.subject);
          const apply = others.length === 0 ? events : await holdBack(tx, projection.name, events, new Set(others));
          if (apply.length > 0) await projection.apply(tx, apply);
          await tx.query('DELETE FROM projection_incomplete WHERE projection = $1 AND subject = $2', [
            projection.name,
            subject,
          ]);
          await tx.query('DELETE FROM projection_failures WHERE projection = $1 AND subject = $2', [
            projection.name,
            subject,
          ]);
          return undefined;
        });
        result.cleared++;
      } catch (error) {
        const reason = scrubError(error);
        await this.db.query(
          'UPDATE projection_failures SET error = $2, attempts = attempts + 1, failed_at = now() WHERE id = $1',
          [failure.id, reason],
        );
        result.failed.push({ id: failure.id, error: reason });
      }
    }
    return result;
  }

  /** The subject's events in (after, upTo], in log order. */
  private async eventsOf(subject: string, after: bigint, upTo: bigint): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for (let from = after; from < upTo;) {
      const page = await this.store.readAll({ after: from, maxCount: READ_PAGE });
      if (page.length === 0) break;
      for (const e of page) if (e.position <= upTo && subjectOf(e).subject === subject) out.push(e);
      from = page[page.length - 1]!.position;
    }
    return out;
  }
}
