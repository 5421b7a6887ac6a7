import type { EventStore, RecordedEvent } from '../../application/ports/event-store.port';

/** Events per rebuild page: each projection writes one page per transaction. */
export const REBUILD_PAGE = 2_500;
/** How many pages the rebuild's reader may be ahead of the slowest projection (memory: pages of parsed events). */
const REBUILD_READ_AHEAD = 4;

/**
 * The log's pages for a rebuild, read in order and shared by its projections (workers): page i is read once, when a
 * worker first needs it, and dropped once every worker has taken it. A worker more than REBUILD_READ_AHEAD pages
 * ahead of the slowest waits for it.
 */
export class RebuildPages {
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

  constructor(
    private readonly store: EventStore,
    private readonly workers: number,
  ) {
    this.progress = new Array<number>(workers).fill(0);
  }

  /** Page `index` for `worker`, or null past the end of the log. */
  async get(index: number, worker: number): Promise<readonly RecordedEvent[] | null> {
    this.progress[worker] = index;
    this.wake();
    while (index - Math.min(...this.progress) >= REBUILD_READ_AHEAD && this.error === null)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
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
    const page = await this.store.readAll({
      ...(this.after === undefined ? {} : { after: this.after }),
      maxCount: REBUILD_PAGE,
    });
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
