/**
 * Keeps the folded state of recently used streams with the revision it reflects, so a command reads only the
 * events after it instead of the whole history. Purely an optimization: correctness still comes from the
 * expected-revision check on append. Least-recently-used entries go first.
 */
export class StreamStateCache<S> {
  private readonly entries = new Map<string, { state: S; revision: bigint }>();

  constructor(private readonly capacity = 5000) {}

  get(streamId: string): { state: S; revision: bigint } | undefined {
    const hit = this.entries.get(streamId);
    if (hit) {
      this.entries.delete(streamId);
      this.entries.set(streamId, hit);
    }
    return hit;
  }

  /** Whether the stream is kept, without counting as a use. */
  has(streamId: string): boolean {
    return this.entries.has(streamId);
  }

  set(streamId: string, state: S, revision: bigint): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, { state, revision });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }
}
