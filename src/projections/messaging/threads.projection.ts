import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { Projection, SqlTx } from '../runner/projection';
import { writeThreads } from './threads.writer';

/**
 * Threads per student and staff member, messages in order with direction, status and failure reason, and the texts
 * shown in nobody's thread: one pure fold (threads.fold.ts) and one set-based writer (threads.writer.ts).
 */
export class ThreadsProjection implements Projection {
  readonly name = 'threads';
  readonly tables = ['thread_messages', 'threads', 'unrouted_inbound'] as const;

  apply(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
    return writeThreads(tx, events);
  }
}
