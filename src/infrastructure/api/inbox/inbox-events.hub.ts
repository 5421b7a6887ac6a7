import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';
import { INBOX_CHANGES_CHANNEL } from '../../../projections/inbox/inbox.projection';

/** A missed NOTIFY (the listener reconnecting) costs at most this long: every stream also looks on its own. */
export const POLL_MS = 5_000;
const RECONNECT_MS = 1_000;

type Wake = () => void;

/**
 * Wakes the open live streams (GET /v1/me/events) when the inbox projection commits change lines. One LISTEN
 * connection per process, whichever replica's runner wrote them (the NOTIFY is sent on commit). Opened with the first
 * stream, reconnected after an error; streams that are woken read the lines themselves, so a lost notification
 * delays an event (POLL_MS), never loses it. On shutdown every stream is ended first, so the server can close.
 */
export class InboxEventsHub implements OnModuleDestroy {
  private readonly logger = new Logger(InboxEventsHub.name);
  private readonly streams = new Map<object, { wake: Wake; end: () => void }>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly config: ClientConfig) {}

  /** Registers a stream; returns its unsubscribe. */
  async subscribe(wake: Wake, end: () => void): Promise<() => void> {
    if (this.closed) throw new Error('The service is shutting down');
    const key = {};
    this.streams.set(key, { wake, end });
    await this.listen();
    return () => void this.streams.delete(key);
  }

  get open(): number {
    return this.streams.size;
  }

  /** First of the shutdown hooks: open streams would keep the HTTP server from closing. */
  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const s of this.streams.values()) s.end();
    this.streams.clear();
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private listen(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new Client(this.config);
    client.on('notification', () => this.wakeAll());
    client.on('error', (error) => {
      this.logger.warn({ err: error.message }, 'Inbox change listener lost its connection; reconnecting');
      if (this.client === client) this.client = null;
      void client.end().catch(() => undefined);
      setTimeout(() => {
        if (this.streams.size > 0)
          void this.listen()
            .then(() => this.wakeAll())
            .catch(() => undefined);
      }, RECONNECT_MS).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${INBOX_CHANGES_CHANNEL}`);
      this.client = client;
    } catch (error) {
      await client.end().catch(() => undefined);
      // The streams still poll: a listener that cannot start only makes them slower.
      this.logger.warn(
        { err: (error as Error).message },
        'Inbox change listener could not start; streams poll meanwhile',
      );
    }
  }

  private wakeAll(): void {
    for (const s of this.streams.values()) s.wake();
  }
}
