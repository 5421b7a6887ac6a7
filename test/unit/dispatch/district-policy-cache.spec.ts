import { DistrictPolicyCache } from '../../../src/application/shared/district-policy-cache';
import { toEventData } from '../../../src/application/shared/to-event-data';
import { districtStreamId, type DistrictSmsPolicy } from '../../../src/domain/district/district.events';
import { uuidGenerator } from '../../../src/infrastructure/clock/system-clock';
import { InMemoryEventStore } from '../../../src/infrastructure/event-store/in-memory/in-memory-event-store';

const policy = (smsAllowed: boolean): DistrictSmsPolicy => ({
  districtId: 'd1',
  smsAllowed,
  timeZone: 'America/Denver',
  quietHours: { start: '08:00', end: '21:00' },
  allowedLinkHosts: [],
});

/** A policy change appended straight to the store, as another replica's handler would (this cache is not told). */
async function setElsewhere(store: InMemoryEventStore, smsAllowed: boolean): Promise<void> {
  const env = {
    actor: { id: 'adm', role: 'school_admin' as const, districtId: 'd1' },
    correlationId: uuidGenerator.next(),
  };
  await store.append(
    districtStreamId('d1'),
    toEventData(
      [{ type: 'DistrictSmsPolicySet', data: policy(smsAllowed) }],
      'SetDistrictSmsPolicy',
      env,
      new Date(),
      uuidGenerator,
    ),
    'any',
  );
}

describe('DistrictPolicyCache', () => {
  let store: InMemoryEventStore;
  let now: number;
  let cache: DistrictPolicyCache;
  beforeEach(async () => {
    store = new InMemoryEventStore();
    now = 1_000;
    cache = new DistrictPolicyCache(store, 1000, () => now);
    await setElsewhere(store, true);
  });

  it('folds the district stream on first use', async () => {
    expect(await cache.policy('d1')).toMatchObject({ smsAllowed: true });
  });

  it('uses a catch-up younger than its age bound without reading, and sees a change made elsewhere once it is older', async () => {
    await cache.policy('d1');
    await setElsewhere(store, false);
    now += 999;
    expect(await cache.policy('d1')).toMatchObject({ smsAllowed: true });
    now += 1;
    expect(await cache.policy('d1')).toMatchObject({ smsAllowed: false });
  });

  it('reads at once after forget() (a change appended through this replica)', async () => {
    await cache.policy('d1');
    await setElsewhere(store, false);
    cache.forget('d1');
    expect(await cache.policy('d1')).toMatchObject({ smsAllowed: false });
  });

  it('reads at once for a fresh call (the decision to send), and later calls within the bound use what it read', async () => {
    const reads = jest.spyOn(store, 'readStream');
    await cache.policy('d1');
    await setElsewhere(store, false);
    now += 10;
    expect(await cache.policy('d1', true)).toMatchObject({ smsAllowed: false });
    expect(reads).toHaveBeenCalledTimes(2);
    await setElsewhere(store, true);
    now += 10;
    // Not told to forget: an ordinary caller right after uses the fresh read's state without a read of its own.
    expect(await cache.policy('d1')).toMatchObject({ smsAllowed: false });
    expect(reads).toHaveBeenCalledTimes(2);
    expect(await cache.policy('d1', true)).toMatchObject({ smsAllowed: true });
    expect(reads).toHaveBeenCalledTimes(3);
  });

  it('keeps reading a district that has no policy yet, so its first policy is seen at once', async () => {
    expect(await cache.policy('d2')).toBeNull();
    const env = {
      actor: { id: 'adm', role: 'school_admin' as const, districtId: 'd2' },
      correlationId: uuidGenerator.next(),
    };
    await store.append(
      districtStreamId('d2'),
      toEventData(
        [{ type: 'DistrictSmsPolicySet', data: { ...policy(true), districtId: 'd2' } }],
        'SetDistrictSmsPolicy',
        env,
        new Date(),
        uuidGenerator,
      ),
      'any',
    );
    expect(await cache.policy('d2')).toMatchObject({ districtId: 'd2', smsAllowed: true });
  });
});
