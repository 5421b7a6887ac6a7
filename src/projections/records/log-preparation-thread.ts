import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { RebuildPreparation } from '../runner/projection';
import { PreparedLogCopy, toTuple } from './log-preparation';
import { LOG_PREPARATION_WORKER } from './log-preparation.worker';

type Answer = { copy: Uint8Array; rows: number } | { error: string };

/**
 * A rebuild's communication-log preparation in a worker thread (log-preparation.worker.ts): the log's rows built,
 * hashed, chained and turned into COPY text there, while this thread feeds the other projections and PostgreSQL
 * writes. Pages are answered in the order they were given. Once the thread failed (an error preparing a page, or the
 * thread itself), every page after it is refused: its chain heads are no longer those of the pages before.
 */
export class LogPreparationThread implements RebuildPreparation {
  private readonly worker: Worker;
  private readonly pending: { resolve: (page: PreparedLogCopy) => void; reject: (error: Error) => void }[] = [];
  private failed: Error | null = null;

  constructor() {
    // Under ts-node or jest this module is TypeScript, and so is the worker's entry: ts-node compiles it there too.
    const typescript = path.extname(__filename) === '.ts';
    this.worker = new Worker(path.join(__dirname, `log-preparation.worker${typescript ? '.ts' : '.js'}`), {
      workerData: LOG_PREPARATION_WORKER,
      // Resolved here: the worker would resolve a bare name from the working directory, wherever the process runs.
      ...(typescript ? { execArgv: ['--require', require.resolve('ts-node/register/transpile-only')] } : {}),
    });
    this.worker.on('message', (answer: Answer) => {
      const waiting = this.pending.shift();
      if ('error' in answer) return this.fail(new Error(`Log preparation failed: ${answer.error}`), waiting);
      waiting?.resolve(new PreparedLogCopy(answer.copy, answer.rows));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`The log preparation thread exited (${code})`)));
  }

  prepare(events: readonly RecordedEvent[]): Promise<PreparedLogCopy> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.worker.postMessage(events.map(toTuple));
    });
  }

  async close(): Promise<void> {
    this.fail(new Error('The log preparation was closed'));
    await this.worker.terminate();
  }

  /** Refuses what is waiting (`first`, then the rest) and everything asked later. */
  private fail(error: Error, first?: { reject: (error: Error) => void }): void {
    this.failed ??= error;
    first?.reject(error);
    for (const waiting of this.pending.splice(0)) waiting.reject(error);
  }
}
