import { districtStreamId, type DistrictEvent, type DistrictSmsPolicy } from '../../domain/district/district.events';
import { evolveDistrict, initialDistrictState, type DistrictState } from '../../domain/district/district.state';
import type { EventStore } from '../ports/event-store.port';
import { StreamStateCache } from './stream-state-cache';
import { asDomainEvent } from './to-event-data';

/**
 * The districts' SMS policies, folded once and then caught up: every call still reads the district stream, but only
 * the events after the cached revision (normally none), so a policy change is seen exactly as soon as before while
 * the common case parses and folds nothing. District states are immutable (evolveDistrict returns a new one), so
 * concurrent catch-ups for students of one district never share mutable state.
 */
export class DistrictPolicyCache {
  private readonly cache = new StreamStateCache<DistrictState>(1000);

  constructor(private readonly store: EventStore) {}

  async policy(districtId: string): Promise<DistrictSmsPolicy | null> {
    const streamId = districtStreamId(districtId);
    const cached = this.cache.get(streamId);
    let state = cached?.state ?? initialDistrictState();
    let revision = cached?.revision ?? null;
    const newer = await this.store.readStream(streamId, { fromRevision: revision === null ? 0n : revision + 1n });
    for (const e of newer) {
      state = evolveDistrict(state, asDomainEvent<DistrictEvent>(e));
      revision = e.revision;
    }
    // A slower concurrent catch-up must not put back an older state.
    const latest = this.cache.get(streamId);
    if (revision !== null && (latest === undefined || latest.revision < revision)) this.cache.set(streamId, state, revision);
    return state.policy;
  }
}
