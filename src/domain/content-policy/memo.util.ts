/**
 * Bounded memos for work that depends on the student or the sender but not on the text: name parts, the street of an
 * address, a username pattern, the allowed hosts. checkContent runs once per subject on every text, and a service texts
 * the same students again and again, so this is worth doing once per distinct value rather than on every call.
 *
 * Safe: the key is built from exactly the fields the memoized work reads (see `keyOf`), the work is pure, and what it
 * returns is shared, so callers treat it as readonly. Bounded: past `max` entries the oldest is dropped, so a long-running
 * service holds at most `max` small entries per memo however many students it sees.
 */
export class BoundedMemo<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly max: number) {}

  get(key: string, compute: () => T): T {
    const hit = this.entries.get(key);
    if (hit !== undefined || this.entries.has(key)) return hit as T;
    const value = compute();
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    return value;
  }
}

/**
 * An unambiguous key for a few optional strings: each is prefixed by its length. Null, undefined and "" give the same
 * key, which is safe because every memoized computation reads a missing name, address or username as an empty one.
 */
export function keyOf(...parts: ReadonlyArray<string | null | undefined>): string {
  let key = '';
  for (const p of parts) key += `${p?.length ?? 0}:${p ?? ''}`;
  return key;
}
