import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

/** A CPU profile of this process (the service's, in the bench) from now until the returned function writes it. */
export async function startProfile(): Promise<(file: string) => Promise<void>> {
  const session = new Session();
  session.connect();
  // BENCH_HEAP_PROFILE=1: an allocation profile instead (every object sampled, collected or not: what the collector
  // is made to clear), written as .heapprofile beside where the CPU profile would go.
  if (process.env.BENCH_HEAP_PROFILE === '1') {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 16_384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    return async (file) => {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file.replace(/\.cpuprofile$/, '.heapprofile'), JSON.stringify(profile));
      session.disconnect();
    };
  }
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
