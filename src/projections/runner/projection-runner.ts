import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore, type RecordedEvent, type Subscription } from '../../application/ports/event-store.port';
import { READ_MODEL_DATA_SOURCE } from './read-model-data-source';
import { batches } from './batches';
import { PROJECTIONS, type Projection } from './projection';

const BATCH = 2000;

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

  /** Applies a batch to every projection, each in its own transaction with its checkpoint. */
  async applyBatch(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const projection of this.projections) {
      await this.db.transaction(async (manager) => {
        const rows: { position: string }[] = await manager.query('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [projection.name]);
        const done = rows[0] ? BigInt(rows[0].position) : -1n;
        const fresh = events.filter((e) => e.position > done);
        if (fresh.length === 0) return;
        await projection.apply({ query: (sql, params) => manager.query(sql, params) }, fresh);
        await manager.query(
          `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
           ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
          [projection.name, fresh[fresh.length - 1]!.position.toString()],
        );
      });
    }
    this.advance(events[events.length - 1]!.position);
  }

  /** Empties every read model and replays the whole log into it, in large batches. */
  async rebuild(): Promise<{ events: number }> {
    const tables = this.projections.flatMap((p) => p.tables);
    await this.db.query(`TRUNCATE ${tables.join(', ')}; DELETE FROM projection_checkpoints WHERE name = ANY($1)`, [this.projections.map((p) => p.name)]);
    let after: bigint | undefined;
    let count = 0;
    for (;;) {
      const page = await this.store.readAll(after === undefined ? { maxCount: 5000 } : { after, maxCount: 5000 });
      if (page.length === 0) break;
      await this.applyBatch(page);
      count += page.length;
      after = page[page.length - 1]!.position;
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
