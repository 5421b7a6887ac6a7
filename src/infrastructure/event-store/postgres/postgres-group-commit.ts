import type { AppendResult, EventToAppend, ExpectedRevision } from '../../../application/ports/event-store.port';
import { appendEvents, checkAppendSize, unwrittenAppend, type Queryable } from './postgres-append';
import { isUnavailable } from './postgres-errors';
import type { EventStoreSql, Statement } from './postgres-event-store.sql';
import { groupAppendStatement } from './postgres-group-append.sql';

export interface GroupCommitOptions {
  /**
   * Group transactions in flight at once. Appends arriving while that many are in flight wait, and the next
   * transaction carries all of them (up to the limits below).
   */
  maxInFlight: number;
  /** At most this many appends in one transaction. */
  maxAppends: number;
  /** At most this many events in one transaction; a larger append still goes, alone. */
  maxEvents: number;
}

/**
 * One transaction in flight measured best: about 10,000 appends/s against 7,000 with 2 and 6,400 with 4, and 1,000
 * without group commit (32 appenders; `npm run bench -- --only peer`, bench/NOTES.md "Group commit").
 */
export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = { maxInFlight: 1, maxAppends: 64, maxEvents: 4096 };

interface Pending {
  streamId: string;
  events: readonly EventToAppend[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface GroupRow {
  ord: number;
  written: number;
  revision: string | null;
  position: string | null;
}

/**
 * Group commit: appends from concurrent commands share one transaction (one statement, one WAL flush), each with
 * its own expected-revision check and its own answer (postgres-group-append.sql.ts).
 *
 * - Per stream, appends go in the order they arrived: a stream appears at most once in a transaction, and an append
 *   to a stream whose earlier append is still in flight or queued waits for it.
 * - A failed check fails that append alone (ConcurrencyError, or its original result when it repeats a committed
 *   append), the others commit.
 * - The database going away fails every append of the transaction with the same error; nothing of it is written, or
 *   (lost during COMMIT) all of it is, which a retry with the same event ids finds and answers as a repeat.
 * - Any other error aborts the whole transaction, which may be one append's fault (an event id already stored): each
 *   append is then tried again alone, in its own transaction, and gets its own answer.
 * - A transaction of one append is the ordinary single append (postgres-append.ts), so a quiet service pays nothing.
 */
export class PostgresGroupCommit {
  private queue: Pending[] = [];
  private readonly busyStreams = new Set<string>();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly statement: Statement;

  constructor(
    private readonly db: Queryable,
    private readonly sql: EventStoreSql,
    schema: string,
    private readonly options: GroupCommitOptions,
  ) {
    this.statement = groupAppendStatement(schema);
  }

  append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    checkAppendSize(streamId, events);
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, expected, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight) {
      const group = this.nextGroup();
      if (group.length === 0) return;
      this.inFlight++;
      for (const p of group) this.busyStreams.add(p.streamId);
      void this.commit(group).finally(() => {
        for (const p of group) this.busyStreams.delete(p.streamId);
        this.inFlight--;
        this.pump();
        if (this.inFlight === 0 && this.queue.length === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      });
    }
  }

  /** Resolves once every append handed in so far has its answer (close() waits for it, so none is cut off). */
  drained(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The oldest appends that fit, at most one per stream; a stream skipped once stays skipped (its order holds). */
  private nextGroup(): Pending[] {
    const group: Pending[] = [];
    const left: Pending[] = [];
    const seen = new Set<string>();
    let events = 0;
    for (const p of this.queue) {
      const fits =
        group.length < this.options.maxAppends &&
        (group.length === 0 || events + p.events.length <= this.options.maxEvents);
      if (fits && !seen.has(p.streamId) && !this.busyStreams.has(p.streamId)) {
        group.push(p);
        events += p.events.length;
      } else {
        left.push(p);
      }
      seen.add(p.streamId);
    }
    this.queue = left;
    return group;
  }

  /**
   * The database did not answer in time (or refused the connection): every append waiting behind this group is
   * answered with the same error now, nothing written, instead of each queued group waiting out its own timeout in
   * turn (one at a time, a queue of N would take N timeouts to hear its 503). Their clients retry after the outage.
   */
  private failQueued(error: unknown): void {
    const queued = this.queue;
    this.queue = [];
    for (const p of queued) p.reject(error);
  }

  private async commit(group: Pending[]): Promise<void> {
    if (group.length === 1) {
      const p = group[0]!;
      return appendEvents(this.db, this.sql, p.streamId, p.events, p.expected).then(p.resolve, (error: unknown) => {
        if (isUnavailable(error)) this.failQueued(error);
        p.reject(error);
      });
    }
    let rows: GroupRow[];
    try {
      rows = (await this.db.query<GroupRow>({ ...this.statement, values: groupValues(group) })).rows;
    } catch (error) {
      if (isUnavailable(error)) {
        for (const p of group) p.reject(error);
        this.failQueued(error);
        return;
      }
      await Promise.all(group.map((p) => this.alone(p)));
      return;
    }
    group.forEach((p, i) => {
      const row = rows[i];
      if (row !== undefined && row.written > 0 && row.revision !== null && row.position !== null) {
        p.resolve({ nextExpectedRevision: BigInt(row.revision), position: BigInt(row.position) });
      } else {
        // Not awaited: the lookup of a repeat or of the current revision writes nothing, the next group may go.
        unwrittenAppend(this.db, this.sql, p.streamId, p.events, p.expected).then(p.resolve, p.reject);
      }
    });
  }

  private alone(p: Pending): Promise<void> {
    return appendEvents(this.db, this.sql, p.streamId, p.events, p.expected).then(p.resolve, p.reject);
  }
}

function groupValues(group: readonly Pending[]): unknown[] {
  const streams: string[] = [];
  const counts: string[] = [];
  const modes: string[] = [];
  const expected: (string | null)[] = [];
  const appendOf: number[] = [];
  const indexIn: number[] = [];
  const ids: string[] = [];
  const types: string[] = [];
  const data: string[] = [];
  const metadata: string[] = [];
  group.forEach((p, a) => {
    streams.push(p.streamId);
    counts.push(String(p.events.length));
    modes.push(typeof p.expected === 'bigint' ? 'exact' : p.expected);
    expected.push(typeof p.expected === 'bigint' ? p.expected.toString() : null);
    p.events.forEach((e, k) => {
      appendOf.push(a + 1);
      indexIn.push(k + 1);
      ids.push(e.id);
      types.push(e.type);
      data.push(JSON.stringify(e.data ?? null));
      metadata.push(JSON.stringify(e.metadata));
    });
  });
  return [streams, counts, modes, expected, appendOf, indexIn, ids, types, data, metadata];
}
