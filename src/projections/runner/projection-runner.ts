import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore, type RecordedEvent, type Subscription } from '../../application/ports/event-store.port';
import { READ_MODEL_DATA_SOURCE } from './read-model-data-source';
import { batches } from './batches';
import { inCheckpointedTransaction, pgPoolOf, type CommitMode } from './pg-sql-tx';
import { PROJECTIONS, type Projection } from './projection';

const BATCH = 2000;
/** Events per rebuild page: each projection writes one page per transaction. */
export const REBUILD_PAGE = 2_500;
/** How many pages the rebuild's reader may be ahead of the slowest projection (memory: pages of parsed events). */
const REBUILD_READ_AHEAD = 4;

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
   * `mode` says how the transactions commit (CommitMode); the live runner uses 'live'.
   */
  async applyBatch(events: readonly RecordedEvent[], options: { mode?: CommitMode } = {}): Promise<void> {
    if (events.length === 0) return;
    const pool = pgPoolOf(this.db);
    if (!pool) throw new Error('The read models need a PostgreSQL DataSource');
    const outcomes = await Promise.allSettled(this.projections.map((projection) =>
      inCheckpointedTransaction(pool, projection.name, options.mode ?? 'durable', async (tx, done) => {
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
   * Empties every read model and replays the whole log into it, in large pages. Each projection works through the
   * pages on its own connection at its own pace (one transaction per page, with its checkpoint), while the log is
   * read ahead of the slowest one by at most REBUILD_READ_AHEAD pages: a projection never waits for another, and
   * PostgreSQL and this process stay busy on all of them at once. Commits are not durable (synchronous_commit off):
   * a crash can only lose the last commits whole, each with its own checkpoint, and the runner then replays exactly
   * those events into identical rows. The read models are derived and rebuildable, nothing else depends on those
   * commits, and the event store's own appends stay durable.
   */
  async rebuild(): Promise<{ events: number }> {
    const pool = pgPoolOf(this.db);
    if (!pool) throw new Error('The read models need a PostgreSQL DataSource');
    const tables = this.projections.flatMap((p) => p.tables);
    await this.db.transaction(async (m) => {
      if (tables.length > 0) await m.query(`TRUNCATE ${tables.join(', ')}`);
      await m.query('DELETE FROM projection_checkpoints WHERE name = ANY($1)', [this.projections.map((p) => p.name)]);
    });
    const pages = new RebuildPages(this.store, this.projections.length);
    const outcomes = await Promise.allSettled(this.projections.map(async (projection, worker) => {
      const write = (page: readonly RecordedEvent[], prepared: unknown) => inCheckpointedTransaction(pool, projection.name, 'rebuild', async (tx, done) => {
        const fresh = page.filter((e) => e.position > done);
        if (fresh.length === 0) return undefined;
        // What was prepared is for the whole page only.
        await projection.apply(tx, fresh, fresh.length === page.length ? prepared : undefined);
        return fresh[fresh.length - 1]!.position;
      });
      try {
        let page = await pages.get(0, worker);
        let prepared = page && projection.prepare?.(page);
        for (let index = 0; page !== null; index++) {
          // Writing page i, while the next one is read and prepared: its transaction's statements are sent first.
          const writing = write(page, prepared);
          let next: readonly RecordedEvent[] | null;
          try {
            next = await pages.get(index + 1, worker);
            prepared = next && projection.prepare?.(next);
          } catch (error) {
            await writing.catch(() => undefined);
            throw error;
          }
          await writing;
          page = next;
        }
      } catch (error) {
        // The others stop at their next page: nothing is left half-way, each page being one transaction.
        pages.fail(error);
        throw error;
      }
    }));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    if (pages.last !== null) this.advance(pages.last);
    return { events: pages.events };
  }

  async checkpoints(): Promise<Map<string, bigint>> {
    const rows: { name: string; position: string }[] = await this.db.query('SELECT name, position FROM projection_checkpoints');
    return new Map(rows.map((r) => [r.name, BigInt(r.position)]));
  }

  private async consume(subscription: Subscription): Promise<void> {
    try {
      for await (const batch of batches(subscription, BATCH)) await this.applyBatch(batch, { mode: 'live' });
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

/**
 * The log's pages for a rebuild, read in order and shared by its projections (workers): page i is read once, when a
 * worker first needs it, and dropped once every worker has taken it. A worker more than REBUILD_READ_AHEAD pages
 * ahead of the slowest waits for it.
 */
class RebuildPages {
  events = 0;
  last: bigint | null = null;
  private readonly pages = new Map<number, Promise<readonly RecordedEvent[] | null>>();
  private readonly taken = new Map<number, number>();
  private readonly progress: number[];
  private waiting: (() => void)[] = [];
  private error: unknown = null;
  private read: Promise<unknown> = Promise.resolve();
  private after: bigint | undefined;
  private ended = false;

  constructor(private readonly store: EventStore, private readonly workers: number) {
    this.progress = new Array<number>(workers).fill(0);
  }

  /** Page `index` for `worker`, or null past the end of the log. */
  async get(index: number, worker: number): Promise<readonly RecordedEvent[] | null> {
    this.progress[worker] = index;
    this.wake();
    while (index - Math.min(...this.progress) >= REBUILD_READ_AHEAD && this.error === null) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.error !== null) throw this.error;
    // The next page is read while this one is written.
    const page = this.ensure(index);
    void this.ensure(index + 1);
    const events = await page;
    const taken = (this.taken.get(index) ?? 0) + 1;
    if (taken === this.workers) {
      this.pages.delete(index);
      this.taken.delete(index);
    } else {
      this.taken.set(index, taken);
    }
    return events;
  }

  /** Page `index`, read after every page before it (a worker holding page index - 1 keeps those in the map). */
  private ensure(index: number): Promise<readonly RecordedEvent[] | null> {
    let page = this.pages.get(index);
    if (!page) {
      page = this.read.then(() => this.next());
      // The chain goes on after a failed read (which its own readers see), and no read is left unhandled.
      this.read = page.catch(() => undefined);
      this.pages.set(index, page);
    }
    return page;
  }

  fail(error: unknown): void {
    if (this.error === null) this.error = error;
    this.wake();
  }

  private async next(): Promise<readonly RecordedEvent[] | null> {
    if (this.ended) return null;
    const page = await this.store.readAll({ ...(this.after === undefined ? {} : { after: this.after }), maxCount: REBUILD_PAGE });
    if (page.length === 0) {
      this.ended = true;
      return null;
    }
    this.after = page[page.length - 1]!.position;
    this.last = this.after;
    this.events += page.length;
    return page;
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
