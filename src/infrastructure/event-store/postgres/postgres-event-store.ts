/*
 * PostgreSQL event store.
 *
 * The problem: a sequence (or any counter) hands out positions at insert time, but transactions commit in a
 * different order. A reader that saw position 11 can later find 10 appear (its transaction committed late) and,
 * having checkpointed at 11, skip it forever.
 *
 * The fix: position = transaction id * 2^20 + index within the append, so log order is (transaction id, index).
 * readAll and subscriptions only return events whose tx_id is below the readers' horizon (READ_HORIZON in
 * postgres-event-store.sql.ts): the oldest transaction still running that could append, i.e. whose transaction AND
 * every older transaction that could append has finished (committed or rolled back). Any append still able to
 * commit has tx_id >= the horizon, hence a position above everything already returned: the readable set only ever
 * grows beyond the checkpoint, never below it, so no subscriber can skip an event. Until issue 19 the horizon was
 * the snapshot's xmin, counting every writing transaction on the cluster: the read models' own transactions (five
 * projections, each holding a transaction id from its checkpoint lock to its commit) then held back every event
 * appended after they began, for every reader. Now transactions known never to append (the read models' connections,
 * other databases' sessions) do not count; any other long-running writing transaction still delays readers until it
 * ends. readStream is not filtered, so writers always read their own committed events at once.
 *
 * Appends take a per-stream advisory lock before their first write (see postgres-event-store.sql.ts), so within a
 * stream, revision order and position order agree.
 *
 * Group commit: appends from concurrent commands share one transaction, each with its own expected-revision check
 * and answer (postgres-group-commit.ts). The group's transaction takes every stream lock before its first write, so
 * the argument above holds for each of its streams, and all its events share its transaction id.
 */
import { Client, type Pool } from 'pg';
import {
  EventStoreUnavailableError,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../../../application/ports/event-store.port';
import type { EventJsonBatch, EventJsonSource } from '../../../application/ports/event-json-source.port';
import type { EventAsOfSource } from '../../../application/ports/event-as-of-source.port';
import type { HistoricalEvent } from '../../../domain/records/record-snapshot.types';
import { appendEvents } from './postgres-append';
import { mapUnavailable } from './postgres-errors';
import { DEFAULT_GROUP_COMMIT, PostgresGroupCommit, type GroupCommitOptions } from './postgres-group-commit';
import {
  eventStoreSql,
  toRecordedEvent,
  toStreamEvents,
  type EventRow,
  type EventStoreSql,
  type StreamEventsRow,
} from './postgres-event-store.sql';
import {
  DEFAULT_SUBSCRIPTION_OPTIONS,
  PostgresSubscription,
  type PostgresSubscriptionOptions,
} from './postgres-subscription';
import { readStreamJson } from './postgres-stream-json';
import { readStreamAsOf } from './postgres-stream-as-of';

export interface PostgresEventStoreOptions {
  /** Schema holding the tables (create them with ensureSchema). Default `public`. */
  schema?: string;
  subscription?: Partial<PostgresSubscriptionOptions>;
  /** application_name of subscription connections, to spot them in pg_stat_activity. */
  subscriptionApplicationName?: string;
  /**
   * Group commit (postgres-group-commit.ts): concurrent appends share one transaction. On by default; `false`
   * gives every append its own transaction.
   */
  groupCommit?: boolean | Partial<GroupCommitOptions>;
}

export class PostgresEventStore implements EventStore, EventJsonSource, EventAsOfSource {
  private readonly sql: EventStoreSql;
  private readonly subscriptionOptions: PostgresSubscriptionOptions;
  private readonly subscriptions = new Set<PostgresSubscription>();
  private readonly groupCommit: PostgresGroupCommit | undefined;
  private closed = false;

  /** The pool belongs to the caller: close() leaves it open. */
  constructor(
    private readonly pool: Pool,
    private readonly options: PostgresEventStoreOptions = {},
  ) {
    this.sql = eventStoreSql(options.schema ?? 'public');
    this.subscriptionOptions = { ...DEFAULT_SUBSCRIPTION_OPTIONS, ...options.subscription };
    const group = options.groupCommit ?? true;
    if (group !== false) {
      const groupOptions = { ...DEFAULT_GROUP_COMMIT, ...(group === true ? {} : group) };
      this.groupCommit = new PostgresGroupCommit(pool, this.sql, options.schema ?? 'public', groupOptions);
    }
  }

  append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    const group = this.groupCommit;
    return this.guard(() =>
      group ? group.append(streamId, events, expected) : appendEvents(this.pool, this.sql, streamId, events, expected),
    );
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.guard(async () => {
      const values = [streamId, (options.fromRevision ?? 0n).toString(), limit(options.maxCount)];
      const { rows } = await this.pool.query<StreamEventsRow>({ ...this.sql.readStream, values });
      return toStreamEvents(rows[0], streamId);
    });
  }

  /** The history views of a stream's events, composed and streamed by PostgreSQL (postgres-stream-json.ts). */
  readStreamJson(streamId: string, options: Required<ReadStreamOptions>): AsyncGenerator<EventJsonBatch> {
    return this.guardRead((pool, schema) => readStreamJson(pool, schema, streamId, options));
  }

  /** The stream cut at a moment by PostgreSQL (postgres-stream-as-of.ts): only the events that had happened by then. */
  readStreamAsOf(streamId: string, asOf: Date): AsyncGenerator<HistoricalEvent[]> {
    return this.guardRead((pool, schema) => readStreamAsOf(pool, schema, streamId, asOf));
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.guard(async () => {
      const values = [(options.after ?? -1n).toString(), limit(options.maxCount)];
      const { rows } = await this.pool.query<EventRow>({ ...this.sql.readAll, values });
      return rows.map(toRecordedEvent);
    });
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const subscription = new PostgresSubscription(
      () => this.newSubscriptionClient(),
      this.sql,
      this.subscriptionOptions,
      options.after,
      (s) => this.subscriptions.delete(s),
    );
    if (this.closed) void subscription.close();
    else this.subscriptions.add(subscription);
    return subscription;
  }

  ping(): Promise<void> {
    return this.guard(async () => {
      await this.pool.query('SELECT 1');
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.groupCommit?.drained();
  }

  private newSubscriptionClient(): Client {
    return new Client({
      ...this.pool.options,
      application_name: this.options.subscriptionApplicationName ?? 'event-store-subscription',
      keepAlive: true,
    });
  }

  /** A streamed read, failing as the other reads fail (EventStoreUnavailableError) when the store is closed or down. */
  private async *guardRead<T>(read: (pool: Pool, schema: string) => AsyncGenerator<T>): AsyncGenerator<T> {
    if (this.closed) throw new EventStoreUnavailableError('The PostgreSQL event store is closed');
    try {
      yield* read(this.pool, this.options.schema ?? 'public');
    } catch (error) {
      throw mapUnavailable(error);
    }
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new EventStoreUnavailableError('The PostgreSQL event store is closed');
    try {
      return await work();
    } catch (error) {
      throw mapUnavailable(error);
    }
  }
}

/** NULL means no LIMIT in PostgreSQL. */
function limit(maxCount: number | undefined): string | null {
  return maxCount === undefined ? null : String(maxCount);
}
