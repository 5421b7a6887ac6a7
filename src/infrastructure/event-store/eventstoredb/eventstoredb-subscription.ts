/**
 * The whole-log subscription over EventStoreDB's `subscribeToAll`, with a server-side filter that leaves out system
 * events (`excludeSystemEvents()`: event types starting with `$`).
 *
 * - Order and back-pressure: the client's subscription is consumed with `for await` and each event is yielded to the
 *   caller before the next is pulled; a slow caller stops the pull, the client's stream buffer fills and HTTP/2 flow
 *   control stops the server. Nothing is buffered without bound here.
 * - Exclusive checkpoint: the server starts strictly AFTER `fromPosition`, so `after` maps to that position.
 * - Resume without loss or repeat: after a drop (any error but a permanent one) it resubscribes, with capped
 *   exponential backoff and jitter, from the position of the last event YIELDED to the caller. Events the client had
 *   buffered but not yet handed over are read again; anything at or before the last yielded position is dropped.
 *   Server checkpoints are not used to resume: they can only save re-reading filtered-out system events.
 */
import {
  START,
  excludeSystemEvents,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type ReadPosition,
} from '@eventstore/db-client';
import type { RecordedEvent, Subscription } from '../../../application/ports/event-store.port';
import { isPermanentSubscriptionError, toPortError } from './eventstoredb-errors';
import {
  UnsupportedEventPositionError,
  isSystemEventType,
  toClientPosition,
  toRecordedEvent,
} from './eventstoredb-event-mapper';

export interface EventStoreDbLogger {
  warn(message: string, context?: Record<string, unknown>): void;
}

export interface ResubscribeOptions {
  /** First retry delay after a drop. Default 200 ms. */
  initialDelayMs?: number;
  /** Cap of the exponential backoff. Default 10 s. */
  maxDelayMs?: number;
}

type ClientSubscription = AllStreamSubscription;

export class EventStoreDbSubscription implements Subscription {
  private closed = false;
  private started = false;
  private current?: ClientSubscription;
  private wake?: () => void;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly after: bigint | undefined,
    private readonly retry: Required<ResubscribeOptions>,
    private readonly logger: EventStoreDbLogger | undefined,
    private readonly onClosed: (subscription: EventStoreDbSubscription) => void,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.started) throw new Error('An EventStoreDB subscription can be iterated once');
    this.started = true;
    return this.events();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    await this.stop(this.current);
    this.onClosed(this);
  }

  private async *events(): AsyncGenerator<RecordedEvent> {
    let resumeFrom: ReadPosition = this.after === undefined ? START : toClientPosition(this.after);
    let lastYielded = this.after ?? -1n;
    let failures = 0;
    try {
      while (!this.closed) {
        const subscription = this.client.subscribeToAll({ fromPosition: resumeFrom, filter: excludeSystemEvents() });
        this.current = subscription;
        subscription.on('confirmation', () => (failures = 0));
        try {
          for await (const resolved of subscription) {
            const event = resolved.event;
            if (!event || isSystemEventType(event.type)) continue; // the server filter already drops system events
            const recorded = toRecordedEvent(event);
            if (recorded.position <= lastYielded) continue; // never hand the same event over twice
            lastYielded = recorded.position;
            resumeFrom = event.position;
            yield recorded;
            if (this.closed) return;
          }
          if (this.closed) return;
          failures += 1; // the server ended the call: resubscribe, but never in a tight loop
        } catch (error) {
          if (this.closed) return;
          if (error instanceof UnsupportedEventPositionError) throw error;
          if (isPermanentSubscriptionError(error)) throw toPortError(error, 'subscribeToAll');
          failures += 1;
          this.logger?.warn('EventStoreDB subscription dropped; resubscribing', {
            error: error instanceof Error ? error.message : String(error),
            resumeAfter: lastYielded.toString(),
            attempt: failures,
          });
        } finally {
          await this.stop(subscription);
        }
        await this.sleep(this.backoff(failures));
      }
    } finally {
      this.closed = true;
      this.onClosed(this);
    }
  }

  /**
   * Cancels the gRPC call (also when `for await` already destroyed the client's stream, e.g. on `break`: the call
   * would otherwise stay open) and ends the stream, so a pending `for await` on it returns.
   */
  private async stop(subscription: ClientSubscription | undefined): Promise<void> {
    if (!subscription) return;
    await subscription.unsubscribe().catch(() => undefined);
    if (!subscription.destroyed) subscription.destroy();
  }

  private backoff(failures: number): number {
    const exponential = Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 2 ** Math.max(0, failures - 1));
    return Math.round(exponential * (0.8 + Math.random() * 0.4)); // jitter: replicas do not retry in lockstep
  }

  private sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
