/**
 * Samples process.memoryUsage().rss of THIS process every 100 ms. The benchmark process hosts the service (the
 * Nest app, its pools, projections and dispatcher); seeding and the HTTP load generator run in child processes so
 * they do not count. The peak is kept per phase, so a surprising figure can be traced to its phase.
 */
export class MemorySampler {
  private timer: NodeJS.Timeout | null = null;
  private phase = 'startup';
  readonly peaks = new Map<string, number>();
  peak = 0;
  /** V8 heap (allocated) and memory outside it (Buffers, native) at their own peaks, to explain the RSS peak. */
  peakHeapTotal = 0;
  peakExternal = 0;
  samples = 0;

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
    this.timer.unref();
  }

  enter(phase: string): void {
    this.phase = phase;
    if (this.timer !== null) this.sample();
  }

  /** Takes a last sample; once stopped, later calls change nothing. */
  stop(): void {
    if (this.timer === null) return;
    this.sample();
    clearInterval(this.timer);
    this.timer = null;
  }

  private sample(): void {
    const { rss, heapTotal, external } = process.memoryUsage();
    this.peakHeapTotal = Math.max(this.peakHeapTotal, heapTotal);
    this.peakExternal = Math.max(this.peakExternal, external);
    this.samples++;
    this.peak = Math.max(this.peak, rss);
    this.peaks.set(this.phase, Math.max(this.peaks.get(this.phase) ?? 0, rss));
  }
}

export const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);
