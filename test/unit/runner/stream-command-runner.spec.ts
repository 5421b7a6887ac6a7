import {
  ConcurrencyError,
  type AppendResult,
  type EventToAppend,
  type ExpectedRevision,
} from '../../../src/application/ports/event-store.port';
import { AccessRecorder } from '../../../src/application/records-access/access-recorder';
import { ReceiveInboundSmsHandler } from '../../../src/application/replies/receive-inbound-sms/receive-inbound-sms.handler';
import { districtCommandRunner } from '../../../src/application/districts/set-district-sms-policy/set-district-sms-policy.handler';
import type { CommandEnvelope } from '../../../src/application/shared/command-envelope';
import type { ConflictRetries } from '../../../src/application/shared/stream-command-runner';
import { StudentCommandRunner } from '../../../src/application/shared/student-command-runner';
import { toEventData } from '../../../src/application/shared/to-event-data';
import { legacyStudentStreamId, scopedAccessStreamId } from '../../../src/domain/student/student-stream';
import { districtStreamId, type DistrictSmsPolicy } from '../../../src/domain/district/district.events';
import { unmatchedStreamId } from '../../../src/domain/inbound/unmatched-inbound';
import { uuidGenerator } from '../../../src/infrastructure/clock/system-clock';
import { InMemoryEventStore } from '../../../src/infrastructure/event-store/in-memory/in-memory-event-store';

const NOW = new Date('2026-09-01T15:00:00.000Z');
const clock = { now: () => NOW };
const admin: CommandEnvelope = { actor: { id: 'adm-1', role: 'school_admin', districtId: 'd1' }, correlationId: 'c-1' };
const policy = (over: Partial<DistrictSmsPolicy> = {}): DistrictSmsPolicy => ({
  districtId: 'd1',
  smsAllowed: true,
  timeZone: 'America/Chicago',
  quietHours: { start: '08:00', end: '21:00' },
  allowedLinkHosts: [],
  ...over,
});
const setPolicy = (over: Partial<DistrictSmsPolicy> = {}) => ({
  type: 'SetDistrictSmsPolicy' as const,
  data: policy(over),
});

/**
 * An event store where another replica's write lands between this replica's read and its append, `races` times:
 * exactly what two processes writing one stream at once look like. The rival's write goes straight to the store.
 */
class RacingStore extends InMemoryEventStore {
  races = 0;
  appendsTried = 0;
  rival: (() => Promise<unknown>) | null = null;

  override async append(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    this.appendsTried++;
    if (this.races > 0 && this.rival) {
      this.races--;
      await this.rival();
    }
    return super.append(streamId, events, expected);
  }

  /** Another replica's append, not counted and never raced. */
  elsewhere(
    streamId: string,
    events: { type: string; data: unknown }[],
    env: CommandEnvelope = admin,
  ): Promise<AppendResult> {
    return super.append(streamId, toEventData(events, 'SetDistrictSmsPolicy', env, NOW, uuidGenerator), 'any');
  }
}

/** Backoff that records each wait instead of sleeping (the waits' lengths are the policy's business, not this test's). */
function countingRetries(maxAttempts = 12): ConflictRetries & { waits: number[] } {
  const waits: number[] = [];
  return {
    maxAttempts,
    waits,
    backoff: async (conflicts) => {
      waits.push(conflicts);
    },
  };
}

describe('the generic stream runner on a district policy stream (two admins or replicas saving at once)', () => {
  let store: RacingStore;
  beforeEach(() => {
    store = new RacingStore();
  });
  const stream = districtStreamId('d1');
  const types = async () => (await store.readStream(stream)).map((e) => (e.data as DistrictSmsPolicy).timeZone);

  it('retries a write that lost to another replica, deciding again on the stream as it now is', async () => {
    const retries = countingRetries();
    const runner = districtCommandRunner({ store, clock, ids: uuidGenerator, retries });
    await runner.run(stream, setPolicy(), admin);
    store.races = 2;
    store.appendsTried = 0;
    const zones = ['America/Denver', 'America/Phoenix'];
    store.rival = () =>
      store.elsewhere(stream, [{ type: 'DistrictSmsPolicySet', data: policy({ timeZone: zones.shift()! }) }]);
    const r = await runner.run(stream, setPolicy({ timeZone: 'America/New_York' }), admin);
    expect(r.events).toHaveLength(1);
    expect(r.revision).toBe(3n);
    expect(await types()).toEqual(['America/Chicago', 'America/Denver', 'America/Phoenix', 'America/New_York']);
    // The first try decided on the cached state without a read: losing it is taken again at once, uncounted; the
    // second, decided on a fresh read, counts as a conflict and waits before the third.
    expect(store.appendsTried).toBe(3);
    expect(retries.waits).toEqual([1]);
  });

  it('records nothing when the replica that won already set the same policy', async () => {
    const runner = districtCommandRunner({ store, clock, ids: uuidGenerator, retries: countingRetries() });
    await runner.run(stream, setPolicy(), admin);
    store.races = 1;
    store.rival = () =>
      store.elsewhere(stream, [{ type: 'DistrictSmsPolicySet', data: policy({ smsAllowed: false }) }]);
    const r = await runner.run(stream, setPolicy({ smsAllowed: false }), admin);
    expect(r).toMatchObject({ events: [], revision: 1n });
    expect(r.state.policy).toMatchObject({ smsAllowed: false });
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('gives up after a bounded number of attempts when it loses every time, and says it was a conflict', async () => {
    const retries = countingRetries(5);
    const runner = districtCommandRunner({ store, clock, ids: uuidGenerator, retries });
    store.races = Infinity;
    let n = 0;
    store.rival = () =>
      store.elsewhere(stream, [{ type: 'DistrictSmsPolicySet', data: policy({ allowedLinkHosts: [`h${n++}.org`] }) }]);
    await expect(runner.run(stream, setPolicy(), admin)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(store.appendsTried).toBe(5);
    expect(retries.waits).toEqual([1, 2, 3, 4]);
    expect(
      (await store.readStream(stream)).every((e) => (e.data as DistrictSmsPolicy).allowedLinkHosts.length === 1),
    ).toBe(true);
  });

  it('never retries against a stale If-Match: refused before deciding, nothing appended', async () => {
    const runner = districtCommandRunner({ store, clock, ids: uuidGenerator, retries: countingRetries() });
    await runner.run(stream, setPolicy(), admin);
    await store.elsewhere(stream, [{ type: 'DistrictSmsPolicySet', data: policy({ smsAllowed: false }) }]);
    const tried = store.appendsTried;
    await expect(
      runner.run(stream, setPolicy({ timeZone: 'America/Denver' }), { ...admin, expectedRevision: 0n }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(store.appendsTried).toBe(tried);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('queues two saves in one process behind the stream lock: both recorded, no conflict', async () => {
    const retries = countingRetries();
    const runner = districtCommandRunner({ store, clock, ids: uuidGenerator, retries });
    await Promise.all([
      runner.run(stream, setPolicy(), admin),
      runner.run(stream, setPolicy({ timeZone: 'America/Denver' }), admin),
    ]);
    expect(await types()).toEqual(['America/Chicago', 'America/Denver']);
    expect(retries.waits).toEqual([]);
  });
});

describe('the generic stream runner on the other stream kinds', () => {
  const system: CommandEnvelope = {
    actor: { id: 'system:sms-inbound', role: 'system', districtId: 'd1' },
    correlationId: 'c-in',
  };

  it('unmatched inbox: two replicas keeping the same provider text at once keep it once (the loser retries and finds it)', async () => {
    const store = new RacingStore();
    const directory = { findBySmsNumber: async () => [] };
    const handler = () =>
      new ReceiveInboundSmsHandler(
        new StudentCommandRunner(store, clock, uuidGenerator),
        directory,
        store,
        clock,
        uuidGenerator,
      );
    const [a, b] = [handler(), handler()];
    const text = { from: '+13125550111', to: null, body: 'who is this?', providerMessageId: 'SM-1' };
    store.races = 1;
    store.rival = () => b.execute({ data: text, env: system } as never);
    const first = await a.execute({ data: text, env: system } as never);
    expect(first.outcome).toBe('duplicate');
    const kept = await store.readStream(unmatchedStreamId(NOW));
    expect(kept.map((e) => (e.data as { providerMessageId: string }).providerMessageId)).toEqual(['SM-1']);
  });

  it('access record: appended without reading the log (one look at the legacy student name finds the stream), with an id derived from the request', async () => {
    const store = new InMemoryEventStore();
    const read = jest.spyOn(store, 'readStream');
    const recorder = new AccessRecorder(store, clock);
    const teacher: CommandEnvelope = {
      actor: { id: 't-1', role: 'teacher', districtId: 'd1' },
      correlationId: 'req-1',
    };
    await recorder.accessed({
      env: teacher,
      studentId: 's-1',
      part: 'export',
      purpose: 'records request',
      channel: 'api',
    });
    await recorder.accessed({
      env: teacher,
      studentId: 's-1',
      part: 'export',
      purpose: 'records request',
      channel: 'api',
    });
    // The access log itself is never read; which stream the student has is found once (StudentStreams).
    expect(read.mock.calls.map(([id]) => id)).toEqual([legacyStudentStreamId('s-1')]);
    const [e, ...rest] = await store.readStream(scopedAccessStreamId({ districtId: 'd1', studentId: 's-1' }));
    expect(rest).toEqual([]);
    expect(e).toMatchObject({
      type: 'StudentRecordAccessed',
      data: { disclosure: true, detail: {} },
      metadata: { command: 'ReadStudentRecord' },
    });
  });
});
