/**
 * HTTP load in a child process (autocannon), so the load tool neither shares the service's event loop nor counts
 * toward its memory. Receives one LoadJob over IPC, answers with a LoadResult, exits.
 */
import { forkModule } from './process';
import http from 'node:http';
import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  token: string;
  /** JSON body; every "__KEY__" in it becomes a key unique to this request (idempotency keys). */
  body?: string;
}

export interface LoadJob {
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  durationS: number;
  amount?: number;
  /**
   * Requests per second, sent evenly spaced (open model) over at most `connections` keep-alive sockets; absent = as
   * fast as answers come (autocannon). Not autocannon's overallRate: that sends each second's quota in a burst.
   */
  overallRate?: number;
  /** 'sequence' walks the list once in order (each request once); 'random' picks uniformly. */
  order: 'random' | 'sequence';
  keyPrefix: string;
  requests: LoadRequest[];
}

export interface LoadResult {
  ok: number;
  non2xx: number;
  errors: number;
  /** Status code -> count, for diagnosing non-2xx answers. */
  statuses: Record<string, number>;
  durationS: number;
  /** Latency of each 2xx answer, ms. */
  latencies: number[];
  /** Paced runs: requests not sent because every connection was still waiting (the service could not keep up). */
  skipped?: number;
}

/** Evenly paced requests: request i is sent at start + i / rate (late ones go at once), answers awaited freely. */
async function paced(job: LoadJob & { overallRate: number }): Promise<LoadResult> {
  const url = new URL(job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let keys = 0;
  let skipped = 0;
  const total = Math.round(job.overallRate * job.durationS);
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();
  const send = (r: LoadRequest): Promise<void> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const body = r.body?.replace(/__KEY__/g, () => `${job.keyPrefix}-${keys++}`);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: r.method,
          path: r.path,
          agent,
          headers: { authorization: `Bearer ${r.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const code = res.statusCode ?? 0;
            statuses[code] = (statuses[code] ?? 0) + 1;
            if (code >= 200 && code < 300) latencies.push(performance.now() - t0);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / job.overallRate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    // Bounded: a saturated service gets no queue longer than the connections (the run stays as long as asked).
    if (inFlight.size >= job.connections) {
      skipped++;
      continue;
    }
    const r =
      job.requests[
        job.order === 'sequence' ? i % job.requests.length : Math.floor(Math.random() * job.requests.length)
      ]!;
    const p: Promise<void> = send(r).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all([...inFlight]);
  agent.destroy();
  const ok = latencies.length;
  return {
    ok,
    non2xx: Object.entries(statuses)
      .filter(([c]) => !c.startsWith('2'))
      .reduce((a, [, n]) => a + n, 0),
    errors,
    statuses,
    durationS: (performance.now() - start) / 1000,
    latencies,
    skipped,
  };
}

function run(job: LoadJob): Promise<LoadResult> {
  if (job.overallRate !== undefined) return paced({ ...job, overallRate: job.overallRate });
  let next = 0;
  let keys = 0;
  const rnd = (): number => Math.floor(Math.random() * job.requests.length);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: job.durationS,
        ...(job.amount !== undefined ? { amount: job.amount } : {}),
        timeout: 30,
        requests: [
          {
            setupRequest: (req) => {
              const r = job.requests[job.order === 'sequence' ? next++ % job.requests.length : rnd()]!;
              const headers: Record<string, string> = { authorization: `Bearer ${r.token}` };
              if (r.body !== undefined) headers['content-type'] = 'application/json';
              return {
                ...req,
                method: r.method,
                path: r.path,
                headers,
                ...(r.body !== undefined
                  ? { body: r.body.replace(/__KEY__/g, () => `${job.keyPrefix}-${keys++}`) }
                  : {}),
              };
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        // Measured here: autocannon's own duration is whole seconds, too coarse for short runs.
        resolve({
          ok: result['2xx'],
          non2xx: result.non2xx,
          errors: result.errors,
          statuses,
          durationS: (performance.now() - started) / 1000,
          latencies,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

/** Runs one job in a fresh child process. */
export function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = forkModule(__filename, []);
    let result: LoadResult | undefined;
    child.on('message', (m) => {
      if ((m as { ready?: boolean }).ready) child.send(job);
      else result = m as LoadResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`load worker exited with ${code}`))));
  });
}

if (require.main === module) {
  process.once('message', (job) => {
    run(job as LoadJob)
      .then((r) => process.send!(r, () => process.exit(0)))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  });
  process.send!({ ready: true });
}
