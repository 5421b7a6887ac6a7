import { districtStreamId, type DistrictEvent, type DistrictSmsPolicy } from '../../domain/district/district.events';
import { evolveDistrict, initialDistrictState, type DistrictState } from '../../domain/district/district.state';
import type { EventStore } from '../ports/event-store.port';
import { StreamStateCache } from './stream-state-cache';
import { asDomainEvent } from './to-event-data';

/** How long a district policy read is used without looking for newer events (see DistrictPolicyCache). */
export const DISTRICT_POLICY_MAX_AGE_MS = 1000;

/**
 * The districts' SMS policies, folded once and then caught up: a call reads only the district events after the
 * cached revision, and not even that while the last catch-up is younger than `maxAgeMs`. Every student command needs
 * its district's policy; without the age bound each paid a round trip that almost always found nothing (three per
 * text sent: queue, attempt, result). A change made through this replica is seen at once (forget() after the
 * append); one made through another replica is seen within `maxAgeMs`. District states are immutable
 * (evolveDistrict returns a new one), so concurrent catch-ups never share mutable state.
 */
export class DistrictPolicyCache {
  private readonly cache = new StreamStateCache<DistrictState>(1000);
  /** When each district was last caught up (monotonic ms). */
  private readonly caughtUpAt = new Map<string, number>();

  constructor(
    private readonly store: EventStore,
    private readonly maxAgeMs = DISTRICT_POLICY_MAX_AGE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The next call for this district reads its stream (a policy change was just appended). */
  forget(districtId: string): void {
    this.caughtUpAt.delete(districtStreamId(districtId));
  }

  /**
   * @param fresh read the events since the cached revision whatever the age of the last catch-up (a decision that
   *   must judge the policy as it is at that moment), without making other callers read too.
   */
  async policy(districtId: string, fresh = false): Promise<DistrictSmsPolicy | null> {
    const streamId = districtStreamId(districtId);
    const cached = this.cache.get(streamId);
    const startedAt = this.now();
    const last = this.caughtUpAt.get(streamId);
    if (!fresh && cached && last !== undefined && startedAt - last < this.maxAgeMs) return cached.state.policy;
    let state = cached?.state ?? initialDistrictState();
    let revision = cached?.revision ?? null;
    const newer = await this.store.readStream(streamId, { fromRevision: revision === null ? 0n : revision + 1n });
    for (const e of newer) {
      state = evolveDistrict(state, asDomainEvent<DistrictEvent>(e));
      revision = e.revision;
    }
    // A slower concurrent catch-up must not put back an older state.
    const latest = this.cache.get(streamId);
    if (revision !== null && (latest === undefined || latest.revision < revision))
      this.cache.set(streamId, state, revision);
    // Only a district that exists is remembered as caught up: one not set up yet is read again next time.
    if (revision !== null && (this.caughtUpAt.get(streamId) ?? -Infinity) < startedAt)
      this.caughtUpAt.set(streamId, startedAt);
    return state.policy;
  }
}
