/** How long the live runner gathers events into one batch after its first (ms): PROJECTION_GATHER_MS, at most 10. */
export const PROJECTION_GATHER_MS = Symbol('PROJECTION_GATHER_MS');
export const DEFAULT_GATHER_MS = 5;

/**
 * Groups an async stream into batches. After the first item of a batch it keeps pulling while more come within
 * `gatherMs` of it (0: only those already available, resolved within the same turn of the event loop), and yields
 * as soon as the batch is full or that wait is over. Catch-up then writes thousands of events per transaction, and a
 * burst of live events (a text, its queueing and its delivery) a few per transaction, at the cost of at most
 * `gatherMs` of projection lag.
 */
export async function* batches<T>(source: AsyncIterable<T>, maxSize: number, gatherMs = 0): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | null = null;
  const idle = Symbol('idle');
  try {
    for (;;) {
      const first = await (pending ?? iterator.next());
      pending = null;
      if (first.done) return;
      const deadline = Date.now() + gatherMs;
      const batch = [first.value];
      while (batch.length < maxSize) {
        pending = iterator.next();
        const next = await Promise.race([pending, until(deadline - Date.now(), idle)]);
        if (next === idle) break;
        pending = null;
        if (next.done) {
          yield batch;
          return;
        }
        batch.push(next.value);
      }
      yield batch;
    }
  } finally {
    await iterator.return?.();
  }
}

/** Resolves to `value` after `ms`, or on the next turn of the event loop when there is no time left. Never holds the process. */
function until<V>(ms: number, value: V): Promise<V> {
  if (ms <= 0) return new Promise((resolve) => setImmediate(() => resolve(value)));
  return new Promise((resolve) => setTimeout(() => resolve(value), ms).unref());
}
