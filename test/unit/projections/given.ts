import type { RecordedEvent } from '../../../src/application/ports/event-store.port';

/**
 * Events for the folds' tests, in log order: `given(...)` numbers them (position, revision per stream, a time a
 * minute apart unless one is given). Each is [stream, type, data, options].
 */
export type Given = [
  stream: string,
  type: string,
  data: Record<string, unknown>,
  /** `district`: the one the actor acts for (d1 unless given). */
  options?: { actor?: string; at?: string; name?: string; initials?: string; district?: string },
];

export function given(...events: Given[]): RecordedEvent[] {
  const revisions = new Map<string, bigint>();
  return events.map(([streamId, type, data, options = {}], i) => {
    const revision = revisions.get(streamId) ?? 0n;
    revisions.set(streamId, revision + 1n);
    const actor = options.actor ?? 't1';
    return {
      id: `00000000-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`,
      streamId,
      revision,
      position: BigInt(100 + i),
      type,
      data,
      metadata: {
        actor: {
          id: actor,
          role: actor.startsWith('t') ? 'teacher' : 'system',
          districtId: options.district ?? 'd1',
          ...(options.name ? { name: options.name } : {}),
          ...(options.initials ? { initials: options.initials } : {}),
        },
        correlationId: 'c',
        causationId: 'c',
        command: 'X',
        occurredAt: options.at ?? new Date(Date.UTC(2026, 8, 1, 15, i)).toISOString(),
      },
      recordedAt: new Date(Date.UTC(2026, 8, 1, 15, i)).toISOString(),
    } as RecordedEvent;
  });
}

/** A map of rows by key, as a writer hands them to a fold. */
export const byKey = <R>(key: (r: R) => string, ...rows: R[]): Map<string, R> => new Map(rows.map((r) => [key(r), r]));
