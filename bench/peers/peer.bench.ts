/**
 * The peer figure: our SendSms against the same decision written as an emmett decider (emmett-send-sms.ts), on the
 * same PostgreSQL server at the same concurrency, closed loop (each of N workers sends its next command when the
 * last one is answered). Ours is measured twice: on the CommandBus in process (the same kind of call as emmett's
 * handler) and over HTTP (autocannon, N connections: JWT, validation, logging). Each worker owns its students, so no
 * two commands race for one stream on either side.
 *
 * Also the event store alone, group commit on against off (and its in-flight setting): N appenders, each appending
 * one SmsQueued-sized event at an exact expected revision to its own streams, as the command path does.
 */
import { randomUUID } from 'node:crypto';
import type { CommandBus } from '@nestjs/cqrs';
import { Client, Pool } from 'pg';
import type { EventToAppend } from '../../src/application/ports/event-store.port';
import { SendSmsCommand } from '../../src/application/messaging/send-sms/send-sms.command';
import { PostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store';
import { ensureSchema } from '../../src/infrastructure/event-store/postgres/postgres-event-store.schema';
import type { GroupCommitOptions } from '../../src/infrastructure/event-store/postgres/postgres-group-commit';
import type { BusSend } from '../projection-lag.bench';
import { cpuPer, cpuSnapshot } from '../support/cpu';
import type { DatasetPlan } from '../support/dataset';
import { studentEvents } from '../support/events';
import { round, summarize } from '../support/stats';
import {
  startEmmettPeer,
  type EmmettPeer,
  type PeerEnrollmentStarted,
  type PeerStudentEvent,
  type PeerStudentRegistered,
} from './emmett-send-sms';

export interface ClosedLoopRun {
  connections: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  failed: number;
  firstFailure?: string;
  cpuMsPerCommand: { nodeMs: number; postgresMs: number };
}

/** N workers, worker k sending item k, k + N, k + 2N... of `items` in turn for `seconds`. */
export async function closedLoop<T>(
  items: readonly T[],
  connections: number,
  seconds: number,
  send: (item: T) => Promise<unknown>,
): Promise<ClosedLoopRun> {
  const latencies: number[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
  const cpu = cpuSnapshot();
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, k) => {
      const mine = items.filter((_, i) => i % connections === k);
      for (let n = 0; performance.now() < deadline && mine.length > 0; n++) {
        const s = performance.now();
        try {
          await send(mine[n % mine.length]!);
          latencies.push(performance.now() - s);
        } catch (error) {
          failed++;
          firstFailure ??= String(error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const lat = summarize(latencies);
  return {
    connections,
    perSecond: round(latencies.length / elapsed, 0),
    p50Ms: lat.p50,
    p99Ms: lat.p99,
    ok: latencies.length,
    failed,
    ...(firstFailure !== undefined ? { firstFailure } : {}),
    cpuMsPerCommand: cpuPer(cpu, cpuSnapshot(), latencies.length),
  };
}

/** Our SendSms on the CommandBus, as figure 2 sends it. */
export function oursOnBus(
  bus: CommandBus,
  sends: readonly BusSend[],
  connections: number,
  seconds: number,
): Promise<ClosedLoopRun> {
  return closedLoop(sends, connections, seconds, async (s) => {
    const outcome = await bus.execute(
      new SendSmsCommand(
        s.studentId,
        { enrollmentId: s.enrollmentId, body: s.body, idempotencyKey: randomUUID() },
        { actor: s.actor, correlationId: randomUUID() },
      ),
    );
    if (outcome.recorded !== 1) throw new Error(`SendSms to ${s.studentId} recorded ${outcome.recorded} events`);
  });
}

/** A database beside `url`'s on the same server, created empty (dropped first if a run left it). */
export async function siblingDatabase(url: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const sibling = new URL(url);
  sibling.pathname = `/${name}`;
  return sibling.toString();
}

/** The peer's students: the registration and enrollments of ours (same names, numbers, teachers), nothing else. */
export async function seedEmmettPeer(peer: EmmettPeer, plan: DatasetPlan, [from, to]: [number, number]): Promise<void> {
  const seedOne = async (i: number) => {
    const events: PeerStudentEvent[] = [];
    for (const e of studentEvents(plan, i)) {
      if (e.type === 'StudentRegistered') {
        const d = e.data as PeerStudentRegistered['data'] & Record<string, unknown>;
        events.push({
          type: 'StudentRegistered',
          data: {
            studentId: d.studentId,
            firstName: d.firstName,
            lastName: d.lastName,
            preferredName: d.preferredName,
            dateOfBirth: d.dateOfBirth,
            address: d.address,
            username: d.username,
            smsNumber: d.smsNumber,
          },
        });
      } else if (e.type === 'EnrollmentStarted') {
        const d = e.data as PeerEnrollmentStarted['data'];
        events.push({
          type: 'EnrollmentStarted',
          data: { studentId: d.studentId, enrollmentId: d.enrollmentId, teacherId: d.teacherId },
        });
      }
    }
    await peer.store.appendToStream(`student-${events[0]!.data.studentId}`, events);
  };
  // The first append alone: emmett creates its schema on first use.
  await seedOne(from);
  for (let i = from + 1; i < to; i += 8)
    await Promise.all(Array.from({ length: Math.min(8, to - i) }, (_, k) => seedOne(i + k)));
}

/** emmett's handler for the same sends (same students, enrollments, teachers and text). */
export function emmettOnly(
  peer: EmmettPeer,
  sends: readonly BusSend[],
  connections: number,
  seconds: number,
): Promise<ClosedLoopRun> {
  return closedLoop(sends, connections, seconds, (s) =>
    peer.send({
      type: 'SendSms',
      data: {
        studentId: s.studentId,
        enrollmentId: s.enrollmentId,
        staffId: s.actor.id,
        staffName: s.actor.name ?? '',
        body: s.body,
        messageId: randomUUID(),
        allowedLinkHosts: ['school.org'],
        now: new Date().toISOString(),
      },
    }),
  );
}

export async function startSeededEmmettPeer(
  url: string,
  plan: DatasetPlan,
  students: [number, number],
): Promise<EmmettPeer> {
  const peer = startEmmettPeer(await siblingDatabase(url, 'peer_emmett'));
  await seedEmmettPeer(peer, plan, students);
  return peer;
}

export interface StoreVariant {
  label: string;
  groupCommit: false | Partial<GroupCommitOptions>;
}

export const STORE_VARIANTS: StoreVariant[] = [
  { label: 'one transaction per append', groupCommit: false },
  { label: 'group commit, 1 in flight', groupCommit: { maxInFlight: 1 } },
  { label: 'group commit, 2 in flight', groupCommit: { maxInFlight: 2 } },
  { label: 'group commit, 4 in flight', groupCommit: { maxInFlight: 4 } },
];

const DATA = {
  studentId: 's',
  messageId: randomUUID(),
  enrollmentId: 'e-1',
  staffId: 't0000',
  to: '+12015550000',
  body: 'Reminder: the unit 4 project is due Friday. Reply here if you want to talk it through.',
  idempotencyKey: 'k',
  scheduledFor: null,
};
const META = {
  actor: { id: 't0000', role: 'teacher' as const, districtId: 'bench-d1', initials: 'A.Bell', name: 'Amy Bell' },
  correlationId: randomUUID(),
  causationId: randomUUID(),
  command: 'SendSms',
  occurredAt: new Date().toISOString(),
};

/**
 * The event store alone: each variant in turn, `rounds` times (interleaved, so drift on a shared machine spreads
 * over all), in a schema of its own on a pool of 20 (the service's). Returns the runs of each variant.
 */
export async function storeGroupCommitAB(
  url: string,
  connections: number,
  seconds: number,
  rounds: number,
): Promise<Record<string, ClosedLoopRun[]>> {
  const pool = new Pool({ connectionString: url, max: 20 });
  await ensureSchema(pool, { schema: 'peer_ab' });
  const out: Record<string, ClosedLoopRun[]> = {};
  try {
    for (let r = 0; r < rounds; r++) {
      for (const v of STORE_VARIANTS) {
        const store = new PostgresEventStore(pool, { schema: 'peer_ab', groupCommit: v.groupCommit });
        // Streams of their own per variant and round: 4 per worker, each appended at its exact revision.
        const streams = Array.from({ length: connections * 4 }, (_, i) => ({
          id: `ab-${r}-${v.label.replace(/\W+/g, '-')}-${i}`,
          next: -1n,
        }));
        const event = (): EventToAppend => ({ id: randomUUID(), type: 'SmsQueued', data: DATA, metadata: META });
        const run = await closedLoop(streams, connections, seconds, async (s) => {
          const result = await store.append(s.id, [event()], s.next < 0n ? 'no_stream' : s.next);
          s.next = result.nextExpectedRevision;
        });
        (out[v.label] ??= []).push(run);
        await store.close();
      }
    }
  } finally {
    await pool.end();
  }
  return out;
}
