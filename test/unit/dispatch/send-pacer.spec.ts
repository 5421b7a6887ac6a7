import fc from 'fast-check';
import { SendPacer } from '../../../src/application/delivery/dispatch-sms/send-pacer';

/**
 * A virtual clock driving timers in time order (a small discrete-event simulation): sleeping registers a timer (that
 * fires `late` ms late, as real ones do); run() fires them one by one, letting every promise settle in between, so a
 * caller let through sees the time it was let through at.
 */
function virtualTime(late = 0) {
  let now = 0;
  let seq = 0;
  const timers: { at: number; seq: number; fire: () => void }[] = [];
  const at = (time: number, fire: () => void) => {
    timers.push({ at: time, seq: seq++, fire });
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
  };
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms: number) => new Promise<void>((resolve) => at(now + ms + late, resolve)),
    /** Calls `fn` at virtual time `time`. */
    at,
    async run(): Promise<void> {
      await settle();
      while (timers.length > 0) {
        const next = timers.shift()!;
        now = Math.max(now, next.at);
        next.fire();
        await settle();
      }
    },
  };
}

/** The most starts inside any half-open window [t, t + windowMs). */
function maxInWindow(starts: number[], windowMs = 1000): number {
  let best = 0;
  let j = 0;
  for (let i = 0; i < starts.length; i++) {
    while (j < starts.length && starts[j]! < starts[i]! + windowMs) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

describe('SendPacer: sends spaced evenly, never more than N in any window', () => {
  /** `count` callers asking at time 0; the times they were let through. */
  async function backlog(pacer: SendPacer, t: ReturnType<typeof virtualTime>, count: number): Promise<number[]> {
    const starts: number[] = [];
    for (let i = 0; i < count; i++) void pacer.acquire().then(() => starts.push(t.now()));
    await t.run();
    expect(starts).toHaveLength(count);
    return starts;
  }

  it('spaces a backlog evenly at the rate less the margin, instead of bursts of N', async () => {
    const t = virtualTime();
    const starts = await backlog(new SendPacer(225, { now: t.now, sleep: t.sleep }), t, 2000);
    expect(maxInWindow(starts)).toBeLessThanOrEqual(223);
    const gaps = starts.slice(1).map((s, i) => s - starts[i]!);
    // The first 225 a little further apart (warm-up), then the steady pace.
    for (const gap of gaps.slice(0, 225)) expect(gap).toBeCloseTo((1000 / (225 * 0.988)) * 1.05, 6);
    for (const gap of gaps.slice(225)) expect(gap).toBeCloseTo(1000 / (225 * 0.988), 6);
    const steady = starts.slice(225);
    const rate = ((steady.length - 1) / (steady[steady.length - 1]! - steady[0]!)) * 1000;
    expect(rate).toBeGreaterThan(225 * 0.985);
    expect(rate).toBeLessThan(225);
  });

  it('holds the rate when every timer fires late, catching up without passing the cap', async () => {
    const t = virtualTime(0.9);
    const starts = await backlog(new SendPacer(225, { now: t.now, sleep: t.sleep }), t, 2000);
    expect(maxInWindow(starts)).toBeLessThanOrEqual(225);
    const steady = starts.slice(225);
    const rate = ((steady.length - 1) / (steady[steady.length - 1]! - steady[0]!)) * 1000;
    expect(rate).toBeGreaterThan(225 * 0.98);
  });

  it('never lets more than N start in any window, whatever the arrivals, lateness and margin (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.integer({ min: 0, max: 500 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        async (rate, gaps, burst, margin, catchUpMs, late) => {
          const t = virtualTime(late);
          const pacer = new SendPacer(rate, { margin, catchUpMs, now: t.now, sleep: t.sleep });
          const starts: number[] = [];
          let when = 0;
          for (const gap of gaps) {
            when += gap;
            // Several callers at once (concurrent sends to different students).
            t.at(when, () => {
              for (let k = 0; k < burst; k++) void pacer.acquire().then(() => starts.push(t.now()));
            });
          }
          await t.run();
          expect(starts).toHaveLength(gaps.length * burst);
          expect(maxInWindow(starts)).toBeLessThanOrEqual(rate);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('does not make up for a long stall with a burst', async () => {
    const t = virtualTime();
    const pacer = new SendPacer(100, { catchUpMs: 10, now: t.now, sleep: t.sleep });
    const starts: number[] = [];
    const ask = (n: number) => () => {
      for (let i = 0; i < n; i++) void pacer.acquire().then(() => starts.push(t.now()));
    };
    t.at(0, ask(10));
    // Nothing to send for a while, then a backlog again.
    t.at(2_000, ask(10));
    await t.run();
    const after = starts.slice(10);
    expect(after[0]).toBe(2_000);
    // No burst to make up for the idle time: the pace starts again from the first send, warming up.
    const gaps = after.slice(1).map((s, i) => s - after[i]!);
    for (const gap of gaps) expect(gap).toBeCloseTo((1000 / (100 * 0.988)) * 1.05, 6);
  });

  it('serves callers in the order they asked', async () => {
    const t = virtualTime();
    const pacer = new SendPacer(2, { now: t.now, sleep: t.sleep });
    const order: number[] = [];
    for (const n of [1, 2, 3, 4, 5]) void pacer.acquire().then(() => order.push(n));
    await t.run();
    expect(order).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a rate that is not a positive whole number, or a margin outside [0, 1)', () => {
    expect(() => new SendPacer(0)).toThrow(RangeError);
    expect(() => new SendPacer(2.5)).toThrow(RangeError);
    expect(() => new SendPacer(10, { margin: 1 })).toThrow(RangeError);
  });
});
