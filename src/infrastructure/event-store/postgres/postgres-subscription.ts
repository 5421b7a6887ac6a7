import type { Client, Notification } from 'pg';
import type { RecordedEvent, Subscription } from '../../../application/ports/event-store.port';
import { toRecordedEvent, type EventRow, type EventStoreSql } from './postgres-event-store.sql';

export interface PostgresSubscriptionOptions {
  /** Events read per query; a full page is followed by another read at once. */
  pageSize: number;
  /** Safety-net poll when idle: NOTIFY normally wakes the subscription long before. */
  basePollMs: number;
  /** Backoff bounds while an announced event is committed but not yet readable (an older transaction runs). */
  minBackoffMs: number;
  maxBackoffMs: number;
  /** Backoff bounds between reconnect attempts after the connection failed. */
  minReconnectMs: number;
  maxReconnectMs: number;
}

export const DEFAULT_SUBSCRIPTION_OPTIONS: PostgresSubscriptionOptions = {
  pageSize: 500,
  basePollMs: 500,
  minBackoffMs: 5,
  maxBackoffMs: 50,
  minReconnectMs: 50,
  maxReconnectMs: 5000,
};

/**
 * Tails the log over its own connection (LISTEN needs a session, and a pooled client held forever would starve the
 * pool). The checkpoint is the position of the last event handed to the consumer, so after a reconnect the next
 * read resumes exactly there: no loss, no repeat. Reads happen only when the consumer asks for more
 * (async generator), so a slow consumer back-pressures the reads instead of buffering.
 */
export class PostgresSubscription implements Subscription {
  private client: Client | undefined;
  private closed = false;
  private broken = false;
  /** A notification arrived since the last read started: read again before sleeping. */
  private pending = false;
  /** Highest position announced by NOTIFY; while the checkpoint is below it, poll with backoff. */
  private announced = -1n;
  private wake: (() => void) | undefined;
  private readonly iterator: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly newClient: () => Client,
    private readonly sql: EventStoreSql,
    private readonly options: PostgresSubscriptionOptions,
    after: bigint | undefined,
    private readonly onClose: (s: PostgresSubscription) => void,
  ) {
    this.iterator = this.run(after ?? -1n);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.signal();
    this.onClose(this);
    await this.disconnect();
  }

  private async *run(after: bigint): AsyncGenerator<RecordedEvent> {
    const { pageSize, basePollMs, minBackoffMs, maxBackoffMs, minReconnectMs, maxReconnectMs } = this.options;
    let checkpoint = after;
    let backoff = 0;
    let reconnect = 0;
    try {
      while (!this.closed) {
        let page: RecordedEvent[];
        try {
          page = await this.readPage(checkpoint);
          reconnect = 0;
        } catch {
          if (this.closed) return;
          await this.disconnect();
          reconnect = Math.min(Math.max(reconnect * 2, minReconnectMs), maxReconnectMs);
          await this.sleep(reconnect);
          continue;
        }
        for (const event of page) {
          if (this.closed) return;
          checkpoint = event.position;
          yield event;
        }
        if (page.length === pageSize || this.pending) {
          backoff = 0;
        } else if (checkpoint < this.announced) {
          // Announced events wait for older transactions to end. While pages still bring events (steady load: some
          // append is always in flight) those end within milliseconds, so poll again soon; only a read that found
          // nothing new backs off (a long transaction elsewhere holds them back).
          backoff = page.length > 0 ? minBackoffMs : Math.min(Math.max(backoff * 2, minBackoffMs), maxBackoffMs);
          await this.sleep(backoff);
        } else {
          backoff = 0;
          await this.sleep(basePollMs);
        }
      }
    } finally {
      this.closed = true;
      this.onClose(this);
      await this.disconnect();
    }
  }

  private async readPage(after: bigint): Promise<RecordedEvent[]> {
    const client = await this.connected();
    this.pending = false;
    const { rows } = await client.query<EventRow>({
      ...this.sql.readAll,
      values: [after.toString(), String(this.options.pageSize)],
    });
    return rows.map(toRecordedEvent);
  }

  /** LISTEN before the first read, so a commit between that read and the wait can never go unnoticed. */
  private async connected(): Promise<Client> {
    if (this.client && !this.broken) return this.client;
    await this.disconnect();
    if (this.closed) throw new Error('subscription closed');
    const client = this.newClient();
    this.client = client;
    const lost = () => {
      if (this.client !== client) return;
      this.broken = true;
      this.signal();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => this.notified(message));
    await client.connect();
    await client.query(`LISTEN "${this.sql.channel}"`);
    return client;
  }

  private notified(message: Notification): void {
    if (message.channel !== this.sql.channel) return;
    if (message.payload && /^\d+$/.test(message.payload)) {
      const position = BigInt(message.payload);
      if (position > this.announced) this.announced = position;
    }
    this.pending = true;
    this.signal();
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.broken = false;
    this.pending = false;
    // end() also interrupts a read in flight, which then fails and lets run() see `closed`.
    if (client) await client.end().catch(() => undefined);
  }

  /** Waits for a notification, a lost connection, close() or the timer, whichever comes first. */
  private sleep(ms: number): Promise<void> {
    if (this.closed || this.pending || this.broken) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private signal(): void {
    this.wake?.();
  }
}
