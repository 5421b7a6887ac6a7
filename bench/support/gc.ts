import { PerformanceObserver } from 'node:perf_hooks';
import { round } from './stats';

export interface GcPauses {
  pauses: number;
  totalMs: number;
  maxMs: number;
}

/** Records this process's garbage-collection pauses (perf_hooks 'gc' entries) until the returned function is called. */
export function observeGc(): () => GcPauses {
  const pauses: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    observer.disconnect();
    return {
      pauses: pauses.length,
      totalMs: round(
        pauses.reduce((a, b) => a + b, 0),
        1,
      ),
      maxMs: round(Math.max(0, ...pauses), 1),
    };
  };
}
