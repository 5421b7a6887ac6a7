/**
 * Figure 2, projection lag: SendSms at a fixed open-model rate (autocannon overallRate) while a separate connection
 * polls projection_checkpoints every few ms. A projection writes its rows and its checkpoint in ONE transaction, so
 * the moment its checkpoint covers an event's position is the moment that event's rows became visible. Lag of an
 * event for a read model = first poll that saw the checkpoint at or past it - the moment its append committed (the
 * transaction's commit timestamp; the benchmark's server tracks them). Polling adds at most one interval. Beside it,
 * the same lags from the append transaction's start (recorded_at), which also count the append's own commit.
 */
import type { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { SendSmsCommand } from '../src/application/messaging/send-sms/send-sms.command';
import type { Actor } from '../src/domain/shared/actor';
import { sendSmsLoad } from './commands.bench';
import type { LoadRequest } from './support/load-worker';
import { round, sleep, summarize } from './support/stats';

export interface LagFigure {
  rate: number;
  achievedPerSecond: number;
  /** Requests not sent because all connections were busy (offered - sent). */
  skipped: number;
  /** Whether every projection caught up with the run's last event within the drain bound. */
  drained: boolean;
  events: number;
  p50Ms: number;
  p99Ms: number;
  perProjection: Record<string, { p50Ms: number; p99Ms: number; maxMs: number }>;
  /** The worst lag of the events appended in each second of the run, in order: one stall shows as one bad second. */
  maxBySecondMs: number[];
  pollIntervalMs: number;
  /** The same lags counted from each append's transaction start (recorded_at): they include its commit wait too. */
  fromTransactionStart: { p50Ms: number; p99Ms: number };
  measuredFrom: string;
}

const POLL_MS = 5;
const nowMs = (): number => performance.timeOrigin + performance.now();

/** Over HTTP: SendSms at `rate` per second through the whole service (as figure 1, paced). */
export function projectionLag(
  url: string,
  baseUrl: string,
  requests: LoadRequest[],
  opts: { rate: number; seconds: number; connections: number },
): Promise<LagFigure> {
  return measureLag(url, opts.rate, () =>
    sendSmsLoad(baseUrl, requests, {
      connections: opts.connections,
      seconds: opts.seconds,
      rate: opts.rate,
      tag: 'lag',
    }),
  );
}

/** One SendSms as the API would make it (the bench's teacher of that student, a fresh idempotency key). */
export interface BusSend {
  studentId: string;
  enrollmentId: string;
  body: string;
  actor: Actor;
}

/**
 * In process: SendSms commands at `rate` per second straight onto the service's CommandBus (the same handler,
 * runner, decision and append as over HTTP, without HTTP, JWT and validation), for a command rate the HTTP front
 * cannot offer on this machine. At most `maxInFlight` wait at once; a send due while that many wait is skipped.
 */
export function projectionLagViaBus(
  url: string,
  bus: CommandBus,
  sends: BusSend[],
  opts: { rate: number; seconds: number; maxInFlight?: number },
): Promise<LagFigure> {
  return measureLag(url, opts.rate, async () => {
    const maxInFlight = opts.maxInFlight ?? 256;
    const total = Math.round(opts.rate * opts.seconds);
    const inFlight = new Set<Promise<void>>();
    let ok = 0;
    let skipped = 0;
    const failures: unknown[] = [];
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / opts.rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      if (inFlight.size >= maxInFlight) {
        skipped++;
        continue;
      }
      const s = sends[i % sends.length]!;
      const correlationId = randomUUID();
      const done: Promise<void> = bus
        .execute(
          new SendSmsCommand(
            s.studentId,
            { enrollmentId: s.enrollmentId, body: s.body, idempotencyKey: randomUUID() },
            { actor: s.actor, correlationId },
          ),
        )
        .then(
          () => {
            ok++;
          },
          (error: unknown) => {
            failures.push(error);
          },
        )
        .finally(() => inFlight.delete(done));
      inFlight.add(done);
    }
    await Promise.all(inFlight);
    if (failures.length > 0)
      throw new Error(`${failures.length} SendSms commands failed; the first: ${String(failures[0])}`);
    return { ok, durationS: (performance.now() - start) / 1000, skipped };
  });
}

async function measureLag(
  url: string,
  rate: number,
  load: () => Promise<{ ok: number; durationS: number; skipped?: number }>,
): Promise<LagFigure> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    // Earlier load may have left the projections behind: start from caught-up read models (bounded wait).
    const head = async () =>
      (await db.query<{ max: string }>('SELECT coalesce(max(position), -1)::text AS max FROM events')).rows[0]!.max;
    const behind = async (upTo: string) =>
      (
        await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM projection_checkpoints WHERE position < $1::bigint',
          [upTo],
        )
      ).rows[0]!.n > 0;
    const start = await head();
    const catchUpBy = Date.now() + 120_000;
    while ((await behind(start)) && Date.now() < catchUpBy) await sleep(50);
    const max = await head();
    const observed = new Map<string, { at: number; position: bigint }[]>();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const { rows } = await db.query<{ name: string; position: string }>(
          'SELECT name, position::text FROM projection_checkpoints',
        );
        const at = nowMs();
        for (const r of rows) {
          const list = observed.get(r.name) ?? [];
          const position = BigInt(r.position);
          if (list.length === 0 || list[list.length - 1]!.position !== position) list.push({ at, position });
          observed.set(r.name, list);
        }
        await sleep(POLL_MS);
      }
    })();
    const done = await load().catch((e: unknown) => {
      polling = false;
      throw e;
    });
    // Let the projections drain what the load appended (bounded), then stop polling.
    const { rows: last } = await db.query<{ max: string }>('SELECT max(position)::text AS max FROM events');
    const target = BigInt(last[0]!.max);
    const drainUntil = Date.now() + 60_000;
    while (Date.now() < drainUntil && [...observed.values()].some((l) => l[l.length - 1]!.position < target))
      await sleep(20);
    const drained = [...observed.values()].every((l) => l[l.length - 1]!.position >= target);
    polling = false;
    await poller;
    // From the moment the append committed (the event exists for nobody before): its transaction's commit timestamp
    // (track_commit_timestamp), else its transaction's start (recorded_at = now()), which also counts the append's
    // own commit wait, an fsync on this disk; both are kept.
    const { rows: events } = await db.query<{ position: string; at: number; started: number }>(
      `SELECT position::text, extract(epoch FROM coalesce(pg_xact_commit_timestamp(xmin), recorded_at)) * 1000 AS at,
              extract(epoch FROM recorded_at) * 1000 AS started
         FROM events WHERE position > $1::bigint AND position <= $2::bigint ORDER BY position`,
      [max, target.toString()],
    );
    const all: number[] = [];
    const fromStart: number[] = [];
    const perProjection: LagFigure['perProjection'] = {};
    const firstAt = events.length > 0 ? Number(events[0]!.at) : 0;
    const maxBySecondMs: number[] = [];
    for (const [name, list] of observed) {
      const lags: number[] = [];
      for (const e of events) {
        const seen = firstAtOrAfter(list, BigInt(e.position));
        if (seen === undefined) continue;
        const lag = seen - Number(e.at);
        lags.push(lag);
        fromStart.push(seen - Number(e.started));
        const second = Math.floor((Number(e.at) - firstAt) / 1000);
        maxBySecondMs[second] = Math.max(maxBySecondMs[second] ?? 0, round(lag, 0));
      }
      const s = summarize(lags);
      perProjection[name] = { p50Ms: s.p50, p99Ms: s.p99, maxMs: s.max };
      all.push(...lags);
    }
    const s = summarize(all);
    return {
      rate,
      achievedPerSecond: round(done.ok / done.durationS, 0),
      skipped: done.skipped ?? 0,
      drained,
      events: events.length,
      p50Ms: s.p50,
      p99Ms: Math.max(...Object.values(perProjection).map((p) => p.p99Ms)),
      perProjection,
      maxBySecondMs: Array.from(maxBySecondMs, (m) => m ?? 0),
      pollIntervalMs: POLL_MS,
      fromTransactionStart: { p50Ms: summarize(fromStart).p50, p99Ms: summarize(fromStart).p99 },
      measuredFrom:
        'commit timestamp of the appending transaction (track_commit_timestamp); fromTransactionStart: recorded_at, the transaction start',
    };
  } finally {
    await db.end();
  }
}

/** Time of the first observation whose checkpoint covers `position` (observations are in time order, increasing). */
function firstAtOrAfter(list: { at: number; position: bigint }[], position: bigint): number | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.position >= position) hi = mid;
    else lo = mid + 1;
  }
  return list[lo]?.at;
}
