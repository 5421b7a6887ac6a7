/** What one SendSms request came to. */
export type Outcome = 'acked' | 'documented_503' | 'refused' | 'no_answer' | 'other_5xx' | 'other_4xx';

export interface Sent {
  key: string;
  studentId: string;
  body: string;
  outcome: Outcome;
  status: number | null;
  code: string | null;
  ms: number;
}

/** The 503s the API documents while a store is down (README: Errors), each with Retry-After. */
const DOCUMENTED_503 = new Set(['STORE_UNAVAILABLE', 'EVENT_STORE_UNAVAILABLE']);

export interface BurstTarget {
  baseUrl: string;
  token: string;
  students: readonly string[];
}

/** One SendSms with its idempotency key; a request the service never answers counts as such after `timeoutMs`. */
export async function sendOnce(
  target: BurstTarget,
  key: string,
  studentId: string,
  body: string,
  timeoutMs = 20_000,
): Promise<Sent> {
  const started = Date.now();
  const done = (outcome: Outcome, status: number | null, code: string | null): Sent => ({
    key,
    studentId,
    body,
    outcome,
    status,
    code,
    ms: Date.now() - started,
  });
  let response: Response;
  try {
    response = await fetch(`${target.baseUrl}/v1/students/${studentId}/sms`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${target.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ body, idempotencyKey: key }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = (error as { name?: string }).name;
    return done(name === 'TimeoutError' || name === 'AbortError' ? 'no_answer' : 'refused', null, null);
  }
  const payload = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
  const code = payload.error?.code ?? null;
  if (response.status >= 200 && response.status < 300) return done('acked', response.status, code);
  if (
    response.status === 503 &&
    code !== null &&
    DOCUMENTED_503.has(code) &&
    response.headers.get('retry-after') !== null
  )
    return done('documented_503', 503, code);
  return done(response.status >= 500 ? 'other_5xx' : 'other_4xx', response.status, code);
}

/**
 * Keeps `workers` requests in flight until `until` resolves (plus at least `minimum` requests), each a new text with
 * a new idempotency key, round-robin over the students.
 */
export async function burst(
  target: BurstTarget,
  label: string,
  until: Promise<unknown>,
  options: { workers?: number; minimum?: number } = {},
): Promise<Sent[]> {
  const sent: Sent[] = [];
  let over = false;
  void until.finally(() => (over = true));
  let n = 0;
  const worker = async () => {
    while (!over || n < (options.minimum ?? 0)) {
      const i = n++;
      const studentId = target.students[i % target.students.length]!;
      const result = await sendOnce(
        target,
        `campaign-${label}-${i}`,
        studentId,
        `Reminder ${label} ${i}: bring your lab notebook to class.`,
      );
      sent.push(result);
      // A client backs off while nothing listens (the service restarting) instead of spinning on refusals.
      if (result.outcome === 'refused') await new Promise((r) => setTimeout(r, 200));
    }
  };
  await Promise.all(Array.from({ length: options.workers ?? 4 }, worker));
  return sent;
}

/** Each answer other than an acknowledgement, as "status code" -> count (what the figures table shows). */
export function answers(sent: readonly Sent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of sent)
    if (s.outcome !== 'acked')
      out[`${s.status ?? s.outcome} ${s.code ?? ''}`.trim()] =
        (out[`${s.status ?? s.outcome} ${s.code ?? ''}`.trim()] ?? 0) + 1;
  return out;
}

/** Sends each one again with its own idempotency key, `workers` at a time (a client retrying after recovery). */
export async function retryAll(target: BurstTarget, sent: readonly Sent[], workers = 4): Promise<Sent[]> {
  const queue = [...sent];
  const out: Sent[] = [];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let s = queue.shift(); s; s = queue.shift()) out.push(await sendOnce(target, s.key, s.studentId, s.body));
    }),
  );
  return out;
}

export function tally(sent: readonly Sent[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = {
    acked: 0,
    documented_503: 0,
    refused: 0,
    no_answer: 0,
    other_5xx: 0,
    other_4xx: 0,
  };
  for (const s of sent) counts[s.outcome]++;
  return counts;
}
