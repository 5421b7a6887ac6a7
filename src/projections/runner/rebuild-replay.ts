import type { Pool } from 'pg';
import type { EventStore, RecordedEvent } from '../../application/ports/event-store.port';
import { IsolatingWriter } from './isolating-writer';
import type { Projection, RebuildPreparation } from './projection';
import { RebuildPages } from './rebuild-pages';

/**
 * Told how long each part of a rebuild took: each projection's replay until its last page was written (by name), the
 * time its page writes were in flight and its preparation took (they overlap: each page is written while the next is
 * read and prepared), the deferred indexes, the swap.
 */
export type RebuildObserver = (part: string, ms: number) => void;

/**
 * A rebuild's replay of the whole log into its fresh tables (ProjectionRunner.rebuild): each projection works through
 * the pages on its own connection of `pool` at its own pace (one transaction per page, with its checkpoint), while the
 * log is read ahead of the slowest one by at most REBUILD_READ_AHEAD pages (rebuild-pages.ts).
 */
export async function replayInto(
  store: EventStore,
  projections: readonly Projection[],
  pool: Pool,
  observe?: RebuildObserver,
): Promise<RebuildPages> {
  const pages = new RebuildPages(store, projections.length);
  const t0 = performance.now();
  const outcomes = await Promise.allSettled(
    projections.map(async (projection, worker) => {
      const writer = new IsolatingWriter(pool, projection);
      const preparer = new PagePreparer(projection);
      let writeMs = 0;
      try {
        let page = await pages.get(0, worker);
        let prepared = await preparer.settle(preparer.start(page), page, true);
        for (let index = 0; page !== null; index++) {
          // Writing page i, while the next one is read and prepared: its transaction's statements are sent first.
          const t = performance.now();
          const writing = writer.write(page, 'rebuild', prepared).finally(() => (writeMs += performance.now() - t));
          let next: readonly RecordedEvent[] | null;
          let preparing: Promise<Prepared>;
          try {
            next = await pages.get(index + 1, worker);
            preparing = preparer.start(next);
          } catch (error) {
            await writing.catch(() => undefined);
            throw error;
          }
          prepared = await preparer.settle(preparing, next, await writing);
          page = next;
        }
        observe?.(projection.name, performance.now() - t0);
        observe?.(`${projection.name} writing`, writeMs);
        if (projection.prepare) observe?.(`${projection.name} preparing`, preparer.inlineMs);
        if (projection.rebuildPreparation) observe?.(`${projection.name} waiting for its preparation`, preparer.waitMs);
      } catch (error) {
        // The others stop at their next page: nothing is left half-way, each page being one transaction.
        pages.fail(error);
        throw error;
      } finally {
        await preparer.close();
      }
    }),
  );
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  return pages;
}

/** A page's prepared value, and whether the projection's RebuildPreparation made it. */
interface Prepared {
  value: unknown;
  chained: boolean;
}

/**
 * One projection's preparation of a rebuild's pages: its RebuildPreparation (if it has one) while that holds, else
 * its `prepare`, in this thread. The RebuildPreparation is closed at the first page it refuses, or the first page
 * that was not applied whole with its result: the pages it prepared after that one assumed it was.
 */
class PagePreparer {
  inlineMs = 0;
  waitMs = 0;
  private chained: RebuildPreparation | null;

  constructor(private readonly projection: Projection) {
    this.chained = projection.rebuildPreparation?.() ?? null;
  }

  /** Starts preparing the next page (null: past the end). */
  start(events: readonly RecordedEvent[] | null): Promise<Prepared> {
    if (events === null) return Promise.resolve({ value: undefined, chained: false });
    if (this.chained === null) return Promise.resolve({ value: this.inline(events), chained: false });
    return this.chained.prepare(events).then(
      (value) => ({ value, chained: true }),
      () => {
        this.stop();
        return { value: this.inline(events), chained: false };
      },
    );
  }

  /**
   * The prepared value for `events`, whose preparation `start` began, once the page before it was written: `whole`
   * says whether that one was applied whole with its prepared value (IsolatingWriter.write).
   */
  async settle(
    preparing: Promise<Prepared>,
    events: readonly RecordedEvent[] | null,
    whole: boolean,
  ): Promise<unknown> {
    if (!whole) this.stop();
    const t = performance.now();
    const prepared = await preparing;
    if (!prepared.chained) return prepared.value;
    this.waitMs += performance.now() - t;
    return this.chained === null ? events && this.inline(events) : prepared.value;
  }

  async close(): Promise<void> {
    const chained = this.chained;
    this.chained = null;
    await chained?.close().catch(() => undefined);
  }

  private stop(): void {
    void this.close();
  }

  private inline(events: readonly RecordedEvent[]): unknown {
    const t = performance.now();
    const prepared = this.projection.prepare?.(events);
    this.inlineMs += performance.now() - t;
    return prepared;
  }
}
