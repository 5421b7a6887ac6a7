import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore, type RecordedEvent, type Subscription } from '../../application/ports/event-store.port';
import { READ_MODEL_DATA_SOURCE } from './read-model-data-source';
import { batches } from './batches';
import { inCheckpointedTransaction, pgPoolOf } from './pg-sql-tx';
import { PROJECTIONS, type Projection } from './projection';

const BATCH = 2000;
/** Events per rebuild page: each projection writes one page per transaction. */
const REBUILD_PAGE = 2_500;

/**
 * Feeds every projection from one subscription to the whole log. Each batch is written per projection in one
 * transaction together with that projection's checkpoint, after skipping what the checkpoint says is done:
 * delivering an event twice counts it once.
 */
@Injectable()
export class ProjectionRunner {
  private readonly logger = new Logger(ProjectionRunner.name);
  private subscription: Subscription | null = null;
  private loop: Promise<void> | null = null;
  private waiters: { position: bigint; resolve: () => void }[] = [];
  private reached = -1n;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource,
    @Inject(PROJECTIONS) private readonly projections: readonly Projection[],
  ) {}

  async start(): Promise<void> {
    const checkpoints = await this.checkpoints();
    const each = this.projections.map((p) => checkpoints.get(p.name));
    // One subscription for all: start after the least advanced projection (from the start if one has none).
    const after = each.some((c) => c === undefined) ? undefined : each.reduce((a, b) => (a! < b! ? a : b));
    if (after !== undefined) this.reached = after;
    this.subscription = this.store.subscribeToAll(after === undefined ? {} : { after });
    this.loop = this.consume(this.subscription);
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    await this.loop;
    this.subscription = null;
  }

  /** Resolves once every projection has processed the log up to `position` (tests, read-your-writes). */
  waitFor(position: bigint): Promise<void> {
    if (this.reached >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  /**
   * Applies a batch to every projection, each in its own transaction with its checkpoint. The projections own
   * disjoint tables and checkpoints, so they run side by side on separate connections: PostgreSQL works on one while
   * this process prepares the next. All are settled before an error is rethrown, so none is left half-way.
   * `durable: false` (rebuilds) lets commits skip the WAL flush wait, see rebuild().
   */
  async applyBatch(events: readonly RecordedEvent[], options: { durable?: boolean } = {}): Promise<void> {
    if (events.length === 0) return;
    const pool = pgPoolOf(this.db);
    if (!pool) throw new Error('The read models need a PostgreSQL DataSource');
    const outcomes = await Promise.allSettled(this.projections.map((projection) =>
      inCheckpointedTransaction(pool, projection.name, options.durable ?? true, async (tx, done) => {
        const fresh = events.filter((e) => e.position > done);
        if (fresh.length === 0) return undefined;
        await projection.apply(tx, fresh);
        return fresh[fresh.length - 1]!.position;
      })));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    this.advance(events[events.length - 1]!.position);
  }

  /**
   * Empties every read model and replays the whole log into it, in large pages, reading the next page while the
   * current one is written. Commits are not durable (synchronous_commit off): a crash can only lose the last
   * commits whole, each with its own checkpoint, and the runner then replays exactly those events into identical
   * rows. The read models are derived and rebuildable, nothing else depends on those commits, and the event store's
   * own appends stay durable.
   */
  async rebuild(): Promise<{ events: number }> {
    const tables = this.projections.flatMap((p) => p.tables);
    await this.db.transaction(async (m) => {
      await m.query(`TRUNCATE ${tables.join(', ')}`);
      await m.query('DELETE FROM projection_checkpoints WHERE name = ANY($1)', [this.projections.map((p) => p.name)]);
    });
    let count = 0;
    let next = this.store.readAll({ maxCount: REBUILD_PAGE });
    for (;;) {
      const page = await next;
      if (page.length === 0) break;
      next = this.store.readAll({ after: page[page.length - 1]!.position, maxCount: REBUILD_PAGE });
      // If writing fails, the read ahead must not surface as an unhandled rejection.
      next.catch(() => undefined);
      await this.applyBatch(page, { durable: false });
      count += page.length;
    }
    return { events: count };
  }

  async checkpoints(): Promise<Map<string, bigint>> {
    const rows: { name: string; position: string }[] = await this.db.query('SELECT name, position FROM projection_checkpoints');
    return new Map(rows.map((r) => [r.name, BigInt(r.position)]));
  }

  private async consume(subscription: Subscription): Promise<void> {
    try {
      for await (const batch of batches(subscription, BATCH)) await this.applyBatch(batch);
    } catch (error) {
      this.logger.error({ err: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown' }, 'Projection runner stopped; it resumes from its checkpoints on restart');
    }
  }

  private advance(position: bigint): void {
    this.reached = position;
    const ready = this.waiters.filter((w) => w.position <= position);
    this.waiters = this.waiters.filter((w) => w.position > position);
    for (const w of ready) w.resolve();
  }
}
