/**
 * Paces sends evenly instead of in bursts, under a hard cap.
 *
 * The cap: never more than `perSecond` sends started in any window of `windowMs` (a sliding window over the last
 * `perSecond` start times, so no two windows' worth can meet across a boundary).
 *
 * The pace: one send every windowMs / (perSecond * (1 - margin)) ms. A burst of `perSecond` sends at the top of each
 * window would respect the cap where the sends start, but not where they arrive: they leave one after another over
 * the next few hundred ms, and the next window's burst lands inside the same second of the provider's clock. Sends
 * spaced evenly arrive spaced evenly, with a margin (default 1.2 %: a 1-s window then holds about 222 of 225) for
 * the jitter between starting a send and the provider receiving it.
 *
 * Lateness (timers fire a millisecond or more late; a busy event loop delays them by tens) is made up for, up to
 * `catchUpMs` (default 50) behind schedule, so the rate holds: without it, every late wake-up would be lost time, and
 * an event loop lagging 15 ms would pace 225/s down to under 60/s. Catching up sends the few that are due at once,
 * never past the cap. A longer stall (or an idle spell) is not made up for: the schedule starts again from now, and
 * its first `perSecond` sends go 5 % further apart: the first sends after a start are the slowest to leave (new
 * connections, code not yet compiled, on both ends), and arrive closer together than they started.
 *
 * Waiters are served in order. Time is the monotonic clock, not the (injectable, possibly frozen) business clock.
 */
export interface SendPacerOptions {
  windowMs?: number;
  /** Fraction of the cap the pace stays below. */
  margin?: number;
  /** How far behind schedule the pacer still catches up (sends then go closer together, never past the cap). */
  catchUpMs?: number;
  /** Extra spacing of the first `perSecond` sends after a start from idle (cold connections and code on both ends). */
  warmUpMargin?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class SendPacer {
  readonly intervalMs: number;
  private readonly windowMs: number;
  private readonly catchUpMs: number;
  private readonly warmUpMs: number;
  /** Sends still to go at the warm-up spacing. */
  private warmUpLeft = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** The last `perSecond` start times, oldest first (a ring). */
  private readonly starts: number[] = [];
  private oldest = 0;
  /** When the next send is due on the even schedule. */
  private due = -Infinity;
  private readonly waiters: (() => void)[] = [];
  private served = 0;
  private pumping = false;

  constructor(
    private readonly perSecond: number,
    options: SendPacerOptions = {},
  ) {
    if (!Number.isInteger(perSecond) || perSecond < 1)
      throw new RangeError('perSecond must be a positive whole number');
    this.windowMs = options.windowMs ?? 1_000;
    const margin = options.margin ?? 0.012;
    if (!(margin >= 0 && margin < 1)) throw new RangeError('margin must be in [0, 1)');
    this.intervalMs = this.windowMs / (perSecond * (1 - margin));
    this.catchUpMs = options.catchUpMs ?? 50;
    this.warmUpMs = this.intervalMs * (options.warmUpMargin ?? 0.05);
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Resolves when this caller may start one send. */
  acquire(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.served < this.waiters.length) {
        const t = this.now();
        const at = this.earliestStart();
        if (at > t) {
          await this.sleep(at - t);
          continue;
        }
        this.start(t);
        const resolve = this.waiters[this.served]!;
        this.waiters[this.served++] = noop;
        if (this.served > 1024 && this.served * 2 > this.waiters.length) {
          this.waiters.splice(0, this.served);
          this.served = 0;
        }
        resolve();
      }
    } finally {
      this.pumping = false;
    }
  }

  /** The earliest moment the next send may start: on schedule, and not past the cap. */
  private earliestStart(): number {
    const capped = this.starts.length < this.perSecond ? -Infinity : this.starts[this.oldest]! + this.windowMs;
    return Math.max(this.due, capped);
  }

  private start(t: number): void {
    // On schedule, or behind it by at most catchUpMs: the schedule keeps its grid (the next send comes sooner, to make
    // up). Further behind (idle, or a long stall): the schedule starts again from now, with no burst to make up.
    if (t - this.due > this.catchUpMs) {
      this.due = t;
      this.warmUpLeft = this.perSecond;
    }
    this.due += this.intervalMs;
    if (this.warmUpLeft > 0) {
      this.warmUpLeft--;
      this.due += this.warmUpMs;
    }
    if (this.starts.length < this.perSecond) {
      this.starts.push(t);
    } else {
      this.starts[this.oldest] = t;
      this.oldest = (this.oldest + 1) % this.perSecond;
    }
  }
}

const noop = (): void => undefined;
