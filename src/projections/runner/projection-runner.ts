import { REBUILD_APPLICATION } from '../../infrastructure/database/application-names';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Client, Pool, type ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '../../application/ports/event-store.port';
import { READ_MODEL_DATA_SOURCE, READ_MODEL_OWNER } from './read-model-data-source';
import { batches, DEFAULT_GATHER_MS, PROJECTION_GATHER_MS } from './batches';
import { replayInto, type RebuildObserver } from './rebuild-replay';
import { IsolatingWriter } from './isolating-writer';
import { pgPoolOf, type CommitMode } from './pg-sql-tx';
import { swapRebuiltTables } from './rebuild-swap';
import { buildDeferredIndexes, createRebuildTables, dropRebuildTables, REBUILD_SCHEMA } from './rebuild-tables';
import { PROJECTIONS, type Projection } from './projection';

const BATCH = 2000;

/** Backoff bounds before the live runner resumes after the database or event store failed under it. */
const RESUME_MIN_MS = 100;
const RESUME_MAX_MS = 5_000;
/** How often the quiet live runner looks for lost commits of its own (watchLostCommits). */
const LOST_COMMIT_CHECK_MS = 2_000;

/**
 * Feeds every projection from one subscription to the whole log. Each batch is written per projection in one
 * transaction together with that projection's checkpoint, after skipping what the checkpoint says is done:
 * delivering an event twice counts it once. Live, a batch is what arrives within `gatherMs` of its first event (or
 * is already there: a catch-up takes up to BATCH at once), so a burst costs one transaction per projection, not one
 * per event.
 */
@Injectable()
export class ProjectionRunner {
  private readonly logger = new Logger(ProjectionRunner.name);
  private subscription: Subscription | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wakeStop: () => void = () => undefined;
  private waiters: { position: bigint; resolve: () => void }[] = [];
  private reached = -1n;
  /**
   * The checkpoint the live runner last committed, per projection; cleared whenever it resumes from the stored ones.
   * A stored checkpoint found below it means commits were lost (IsolatingWriter, CheckpointWentBackError).
   */
  private readonly committed = new Map<string, bigint>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource,
    @Inject(PROJECTIONS) private readonly projections: readonly Projection[],
    @Optional() @Inject(READ_MODEL_OWNER) private readonly owner?: ClientConfig,
    @Optional() @Inject(PROJECTION_GATHER_MS) private readonly gatherMs: number = DEFAULT_GATHER_MS,
  ) {}

  async start(): Promise<void> {
    this.stopping = false;
    const after = await this.resumePosition();
    this.loop = this.run(after);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeStop();
    await this.subscription?.close();
    await this.loop;
    this.subscription = null;
  }

  /** One subscription for all: after the least advanced projection (from the start if one has none). */
  private async resumePosition(): Promise<bigint | undefined> {
    const checkpoints = await this.checkpoints();
    const each = this.projections.map((p) => checkpoints.get(p.name));
    const after = each.some((c) => c === undefined) ? undefined : each.reduce((a, b) => (a! < b! ? a : b));
    if (after !== undefined && after > this.reached) this.reached = after;
    return after;
  }

  /** Resolves once every projection has processed the log up to `position` (tests, read-your-writes). */
  waitFor(position: bigint): Promise<void> {
    if (this.reached >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  /**
   * Applies a batch to every projection, each in its own transaction with its checkpoint; an event a projection
   * cannot apply is isolated there (IsolatingWriter) instead of stopping it. The projections own
   * disjoint tables and checkpoints, so they run side by side on separate connections: PostgreSQL works on one while
   * this process prepares the next. All are settled before an error is rethrown, so none is left half-way.
   * `mode` says how the transactions commit (CommitMode); the live runner uses 'live'.
   */
  async applyBatch(events: readonly RecordedEvent[], options: { mode?: CommitMode } = {}): Promise<void> {
    return this.writeBatch(events, options.mode ?? 'durable');
  }

  /** `committed`: given by the live loop only, whose batches must each continue from what it committed before. */
  private async writeBatch(
    events: readonly RecordedEvent[],
    mode: CommitMode,
    committed?: Map<string, bigint>,
  ): Promise<void> {
    if (events.length === 0) return;
    const pool = pgPoolOf(this.db);
    if (!pool) throw new Error('The read models need a PostgreSQL DataSource');
    const outcomes = await Promise.allSettled(
      this.projections.map((projection) => new IsolatingWriter(pool, projection, committed).write(events, mode)),
    );
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    this.advance(events[events.length - 1]!.position);
  }

  /**
   * Replays the whole log into fresh read-model tables beside the live ones (REBUILD_SCHEMA), in large pages, then
   * swaps them in, in one transaction, only when every projection finished (rebuild-swap.ts). A failed rebuild drops
   * its tables and leaves the live ones, rows and all, untouched; the service keeps serving from them meanwhile. An
   * event a projection cannot apply is isolated as in live running (IsolatingWriter), so one bad event does not stop
   * the rebuild. Each projection works through the pages on its own connection at its own pace (one transaction per
   * page, with its checkpoint), while the log is read ahead of the slowest one by at most REBUILD_READ_AHEAD pages.
   * The fresh tables have only the indexes the writers need while they load (rebuild-tables.ts), and the rows a writer
   * knows are new go in by COPY (SqlTx.copy); the other indexes are built after the load, before the swap.
   * Commits are not durable (synchronous_commit off): the new tables count only once swapped in, durably.
   * `owner`: connection settings with the rights to create and rename tables (default: READ_MODEL_OWNER, else the
   * read models' own).
   */
  async rebuild(owner: ClientConfig | undefined = this.owner, observe?: RebuildObserver): Promise<{ events: number }> {
    const pool = pgPoolOf(this.db);
    if (!pool) throw new Error('The read models need a PostgreSQL DataSource');
    // No timeouts: rebuilding a large log takes long statements; search_path sends every write to the new tables.
    const settings: ClientConfig = {
      ...(owner ?? pool.options),
      statement_timeout: 0,
      query_timeout: undefined,
      application_name: REBUILD_APPLICATION,
    };
    const admin = new Client(settings);
    admin.on('error', () => undefined);
    await admin.connect();
    const build = new Pool({
      ...settings,
      max: this.projections.length,
      options: `-c search_path=${REBUILD_SCHEMA},public`,
    });
    build.on('error', () => undefined);
    try {
      const deferred = await createRebuildTables(admin, this.projections);
      const pages = await replayInto(this.store, this.projections, build, observe);
      let t = performance.now();
      await buildDeferredIndexes(build, deferred);
      observe?.('deferred indexes', performance.now() - t);
      t = performance.now();
      await swapRebuiltTables(admin, this.store, this.projections);
      observe?.('swap', performance.now() - t);
      if (pages.last !== null) this.advance(pages.last);
      return { events: pages.events };
    } catch (error) {
      await dropRebuildTables(admin).catch(() => undefined);
      throw error;
    } finally {
      await build.end().catch(() => undefined);
      await admin.end().catch(() => undefined);
    }
  }

  async checkpoints(): Promise<Map<string, bigint>> {
    const rows: { name: string; position: string }[] = await this.db.query(
      'SELECT name, position FROM projection_checkpoints',
    );
    return new Map(rows.map((r) => [r.name, BigInt(r.position)]));
  }

  /**
   * Consumes the log until stop(). When the database or the event store fails under it, the subscription is closed,
   * and after a backoff the runner resumes from the checkpoints it re-reads: nothing is skipped or counted twice.
   * The subscription itself reconnects after the database went away, from the last event it handed over; the live
   * commits lost in a PostgreSQL crash (CommitMode 'live') are not behind that position, so the runner checks the
   * stored checkpoints against what it committed: at the next batch (IsolatingWriter), and while the log is quiet
   * (watchLostCommits). Either way it resumes from the stored checkpoints and applies the lost events again.
   */
  private async run(first: bigint | undefined): Promise<void> {
    let after = first;
    let backoff = 0;
    let resumed = true;
    while (!this.stopping) {
      try {
        if (!resumed) {
          this.committed.clear();
          after = await this.resumePosition();
        }
        resumed = false;
        // stop() may have come while the checkpoints were read: it closed the old subscription, not one made now,
        // which would then retry a stopped database for ever and hold the process's shutdown.
        if (this.stopping) return;
        const subscription = this.store.subscribeToAll(after === undefined ? {} : { after });
        this.subscription = subscription;
        const watch = this.watchLostCommits(subscription);
        try {
          for await (const batch of batches(subscription, BATCH, this.gatherMs)) {
            await this.writeBatch(batch, 'live', this.committed);
            backoff = 0;
          }
        } finally {
          clearInterval(watch);
        }
      } catch (error) {
        if (!this.stopping)
          this.logger.warn(
            { err: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown' },
            'Projection runner interrupted; it resumes from its checkpoints',
          );
      }
      await this.subscription?.close().catch(() => undefined);
      if (this.stopping) return;
      backoff = Math.min(Math.max(backoff * 2, RESUME_MIN_MS), RESUME_MAX_MS);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff);
        this.wakeStop = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /**
   * While the log is quiet no batch comes to find lost commits, so every LOST_COMMIT_CHECK_MS the stored checkpoints
   * are compared with what was committed before the read began; one below ends the subscription, and run() resumes
   * from the stored checkpoints. A failed read is left to the next one (the database may be away).
   */
  private watchLostCommits(subscription: Subscription): NodeJS.Timeout {
    let checking = false;
    const timer = setInterval(() => {
      if (checking || this.committed.size === 0) return;
      checking = true;
      const committed = new Map(this.committed);
      void this.checkpoints()
        .then((stored) => {
          const lost = [...committed].find(([name, position]) => (stored.get(name) ?? -1n) < position);
          if (!lost || this.subscription !== subscription) return;
          this.logger.warn(
            { projection: lost[0], committed: lost[1].toString(), stored: (stored.get(lost[0]) ?? -1n).toString() },
            'Projection commits were lost (database restart); resuming from the stored checkpoints',
          );
          return subscription.close();
        })
        .catch(() => undefined)
        .finally(() => (checking = false));
    }, LOST_COMMIT_CHECK_MS);
    timer.unref();
    return timer;
  }

  private advance(position: bigint): void {
    this.reached = position;
    const ready = this.waiters.filter((w) => w.position <= position);
    this.waiters = this.waiters.filter((w) => w.position > position);
    for (const w of ready) w.resolve();
  }
}
