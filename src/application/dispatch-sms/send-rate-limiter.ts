/**
 * Never more than `perSecond` sends started in any window of `windowMs` (a sliding window, not a bucket that could
 * let 2N through across a boundary). The default window carries a small margin over one second so network jitter
 * between here and the provider cannot make two windows' sends arrive inside one of Twilio's seconds.
 * Waiters are served in order. Time is the monotonic clock, not the (injectable, possibly frozen) business clock.
 */
export class SendRateLimiter {
  private readonly starts: number[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly windowMs = 1_050,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (!Number.isInteger(perSecond) || perSecond < 1) throw new RangeError('perSecond must be a positive whole number');
  }

  /** Resolves when this caller may start one send. */
  acquire(): Promise<void> {
    const turn = this.tail.then(() => this.waitForSlot());
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const t = this.now();
      while (this.starts.length > 0 && t - this.starts[0]! >= this.windowMs) this.starts.shift();
      if (this.starts.length < this.perSecond) {
        this.starts.push(t);
        return;
      }
      await this.sleep(this.windowMs - (t - this.starts[0]!));
    }
  }
}
