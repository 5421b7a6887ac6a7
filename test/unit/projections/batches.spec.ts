import { batches } from '../../../src/projections/runner/batches';

/** An async stream fed by hand: push() hands an item to whoever waits, or keeps it until asked. */
function channel<T>() {
  const items: T[] = [];
  const waiting: ((r: IteratorResult<T>) => void)[] = [];
  let ended = false;
  return {
    push(item: T) {
      const w = waiting.shift();
      if (w) w({ value: item, done: false });
      else items.push(item);
    },
    end() {
      ended = true;
      for (const w of waiting.splice(0)) w({ value: undefined, done: true });
    },
    [Symbol.asyncIterator](): AsyncIterator<T> {
      return {
        next: () =>
          items.length > 0
            ? Promise.resolve({ value: items.shift()!, done: false })
            : ended
              ? Promise.resolve({ value: undefined, done: true })
              : new Promise((r) => waiting.push(r)),
        return: async () => ({ value: undefined, done: true }),
      };
    },
  };
}

describe('batches: one transaction per gathered batch', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('gathers what arrives within the wait after the first event into one batch, and starts a new one after it', async () => {
    const source = channel<number>();
    const out = batches(source, 100, 10);
    source.push(1);
    const first = out.next();
    await jest.advanceTimersByTimeAsync(4);
    source.push(2);
    await jest.advanceTimersByTimeAsync(4);
    source.push(3);
    await jest.advanceTimersByTimeAsync(3);
    expect((await first).value).toEqual([1, 2, 3]);
    const second = out.next();
    source.push(4);
    await jest.advanceTimersByTimeAsync(11);
    expect((await second).value).toEqual([4]);
    source.end();
    expect((await out.next()).done).toBe(true);
  });

  it('without a wait, takes only what is already there; a full batch goes at once', async () => {
    const source = channel<number>();
    for (const n of [1, 2, 3, 4, 5]) source.push(n);
    const out = batches(source, 2, 0);
    const got: number[][] = [];
    for (let i = 0; i < 3; i++) {
      const next = out.next();
      await jest.advanceTimersByTimeAsync(1);
      got.push((await next).value as number[]);
    }
    expect(got).toEqual([[1, 2], [3, 4], [5]]);
  });
});
