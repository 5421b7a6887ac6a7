/**
 * HTTP load in a child process (autocannon), so the load tool neither shares the service's event loop nor counts
 * toward its memory. Receives one LoadJob over IPC, answers with a LoadResult, exits.
 */
import { fork } from 'node:child_process';
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
  /** Requests per second over all connections (open-model pacing); absent = as fast as answers come. */
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
}

function run(job: LoadJob): Promise<LoadResult> {
  let next = 0;
  let keys = 0;
  const rnd = (): number => Math.floor(Math.random() * job.requests.length);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: job.durationS,
        ...(job.amount !== undefined ? { amount: job.amount } : {}),
        ...(job.overallRate !== undefined ? { overallRate: job.overallRate } : {}),
        timeout: 30,
        requests: [{
          setupRequest: (req) => {
            const r = job.requests[job.order === 'sequence' ? next++ % job.requests.length : rnd()]!;
            const headers: Record<string, string> = { authorization: `Bearer ${r.token}` };
            if (r.body !== undefined) headers['content-type'] = 'application/json';
            return { ...req, method: r.method, path: r.path, headers, ...(r.body !== undefined ? { body: r.body.replace(/__KEY__/g, () => `${job.keyPrefix}-${keys++}`) } : {}) };
          },
        }],
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({ ok: result['2xx'], non2xx: result.non2xx, errors: result.errors, statuses, durationS: result.duration, latencies });
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
    const child = fork(__filename, [], { execArgv: ['-r', 'ts-node/register/transpile-only'] });
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
