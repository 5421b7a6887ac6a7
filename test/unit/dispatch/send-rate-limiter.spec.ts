import fc from 'fast-check';
import { SendRateLimiter } from '../../../src/application/dispatch-sms/send-rate-limiter';

/** A virtual clock: sleeping advances time, so the limiter's pacing is checked exactly and instantly. */
function virtualTime() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => { now += ms; }, advance: (ms: number) => { now += ms; } };
}

describe('SendRateLimiter: never more than N sends started in any window', () => {
  it('lets N through at once, then paces the rest one window after the Nth-previous', async () => {
    const t = virtualTime();
    const limiter = new SendRateLimiter(2, 1000, t.now, t.sleep);
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      await limiter.acquire();
      starts.push(t.now());
    }
    expect(starts).toEqual([0, 0, 1000, 1000, 2000]);
  });

  it('holds for any arrival pattern and rate (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 40 }), async (rate, gaps) => {
      const t = virtualTime();
      const limiter = new SendRateLimiter(rate, 1000, t.now, t.sleep);
      const starts: number[] = [];
      for (const gap of gaps) {
        t.advance(gap);
        await limiter.acquire();
        starts.push(t.now());
      }
      for (let i = rate; i < starts.length; i++) expect(starts[i]! - starts[i - rate]!).toBeGreaterThanOrEqual(1000);
    }));
  });

  it('serves concurrent callers in order', async () => {
    const t = virtualTime();
    const limiter = new SendRateLimiter(1, 1000, t.now, t.sleep);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => limiter.acquire().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3]);
    expect(t.now()).toBe(2000);
  });

  it('refuses a rate that is not a positive whole number', () => {
    expect(() => new SendRateLimiter(0)).toThrow(RangeError);
  });
});
