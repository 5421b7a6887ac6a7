import type { RecordedEvent } from '../../src/application/ports/event-store.port';
import { type LogStep, recordKinds } from './random-log-kinds';
import { laterKinds } from './random-log-later-kinds';

/**
 * Random logs for the projection tests: three students with every event kind the projections read, duplicate ids (a
 * text queued twice, an enrollment started twice), statuses out of order (delivered before sent, events for texts and
 * enrollments nobody has), times out of order.
 */

/** A small deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export function randomLog(seed: number, n: number): RecordedEvent[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const students = ['a', 'b', 'c'];
  const teachers = ['t1', 't2'];
  const revisions = new Map<string, bigint>();
  const out: RecordedEvent[] = [];
  let clock = Date.UTC(2026, 0, 5, 15);
  const push = (streamId: string, type: string, data: Record<string, unknown>, actor = pick(teachers)): void => {
    clock += 60_000 + Math.floor(r() * 1000);
    // Some events carry an older time than the one before them.
    const at = r() < 0.2 ? clock - Math.floor(r() * 86_400_000) : clock;
    const revision = revisions.get(streamId) ?? 0n;
    revisions.set(streamId, revision + 1n);
    const position = BigInt(out.length);
    out.push({
      id: uuid(seed * 100_000 + out.length),
      streamId,
      revision,
      position,
      type,
      data,
      metadata: {
        actor: {
          id: actor,
          role: actor.startsWith('t') ? 'teacher' : 'system',
          districtId: 'd1',
          initials: r() < 0.5 ? 'A.B' : undefined,
          name: actor === 't1' ? 'Name t1' : undefined,
        },
        correlationId: 'c',
        causationId: 'c',
        command: 'X',
        occurredAt: new Date(at).toISOString(),
      },
      recordedAt: new Date(at).toISOString(),
    });
  };
  const contacts = () =>
    Array.from({ length: Math.floor(r() * 3) }, (_, n) => ({
      name: `Parent ${n}`,
      relationship: pick(['parent', 'guardian', 'other'] as const),
      phone: r() < 0.5 ? `+1201555020${n}` : null,
    }));
  const policy = (districtId: string) => ({
    districtId,
    smsAllowed: r() < 0.85,
    timeZone: 'America/Chicago',
    quietHours: { start: '08:00', end: '21:00' },
    allowedLinkHosts: [],
  });
  push('district-d1', 'DistrictSmsPolicySet', policy('d1'), 'adm');
  for (let i = 0; i < n; i++) {
    const s = pick(students);
    const t = pick(teachers);
    const stream = `student-${s}`;
    const enrollment = `${pick(students)}-e${1 + Math.floor(r() * 3)}`;
    const own = `${s}-e${1 + Math.floor(r() * 3)}`;
    const message = `m${Math.floor(r() * 12)}`;
    const step: LogStep = {
      r,
      pick,
      push,
      now: () => clock,
      policy,
      contacts,
      students,
      teachers,
      stream,
      s,
      t,
      enrollment,
      own,
      message,
      i,
    };
    const kinds = [...recordKinds(step), ...laterKinds(step)];
    const kind = Math.floor(r() * kinds.length);
    // Contact changes, opt-outs, flags and policy changes end the roster's bulk runs: keep them rarer, so runs are long too.
    if ([18, 19, 20, 21].includes(kind) && r() < 0.6) continue;
    kinds[kind]!();
  }
  return out;
}

/** The log with staff marking inbox items read between its events (in their own streams), positions renumbered. */
export function withInboxReads(log: readonly RecordedEvent[], seed: number): RecordedEvent[] {
  const r = random(seed * 13);
  const out: RecordedEvent[] = [];
  for (const event of log) {
    out.push(event);
    if (r() < 0.15) {
      const userId = r() < 0.5 ? 't1' : 'reg';
      const data = {
        userId,
        studentId: ['a', 'b', 'c'][Math.floor(r() * 3)],
        staffId: r() < 0.8 ? ['t1', 't2'][Math.floor(r() * 2)] : null,
        inboundCount: Math.floor(r() * 4),
        failedCount: Math.floor(r() * 2),
      };
      out.push({ ...event, id: `${event.id}-read`, streamId: `inbox-${userId}`, type: 'InboxItemRead', data });
    }
  }
  return out.map((e, i) => ({ ...e, position: BigInt(i) }));
}
