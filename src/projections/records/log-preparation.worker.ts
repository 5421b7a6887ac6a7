/**
 * The worker thread of a rebuild's communication-log preparation (log-preparation-thread.ts): one page of events
 * (EventTuple) in, its prepared rows out (the COPY text moved, not copied), in order, or the error that stopped it.
 * Its chain heads live here for the whole rebuild (LogChainPreparation). It serves only in a worker thread started
 * with LOG_PREPARATION_WORKER as its data; imported anywhere else it does nothing (the thread's module imports it,
 * so that every build compiles it beside that module).
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { fromTuple, LogChainPreparation, type EventTuple } from './log-preparation';

export const LOG_PREPARATION_WORKER = 'texting-service:log-preparation';

function serve(port: MessagePort): void {
  const preparation = new LogChainPreparation();
  port.on('message', (tuples: EventTuple[]) => {
    try {
      const { copy, rows } = preparation.page(tuples.map(fromTuple));
      port.postMessage({ copy, rows }, [copy.buffer as ArrayBuffer]);
    } catch (error) {
      port.postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error' });
    }
  });
}

if (!isMainThread && workerData === LOG_PREPARATION_WORKER && parentPort) serve(parentPort);
