/**
 * Runs tasks for the same key one after another (in this process). Commands on one stream then do not race
 * each other into concurrency conflicts, and the cached stream state is only ever folded by one task at a time.
 * Other processes are still caught by the expected-revision check on append.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(task, task);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
