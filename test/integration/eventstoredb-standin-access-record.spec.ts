import { AccessRecorder } from '../../src/application/records-access/access-recorder';
import { scopedAccessStreamId } from '../../src/domain/student/student-stream';

const accessStreamId = (id: string): string => scopedAccessStreamId({ districtId: 'd-1', studentId: id });
import { EventStoreDbEventStore } from '../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store';
import {
  startEventStoreDbStandIn,
  type EventStoreDbStandIn,
} from '../support/eventstoredb-standin/eventstoredb-standin.server';

/**
 * Access records are appended with 'any' (reads never conflict). On EventStoreDB a repeat of an 'any' append is only
 * recognised while the server's id cache remembers it, and a restart empties that cache. Here (gRPC stand-in, not
 * a real server) the append is answered Timeout yet commits, the server restarts, and the adapter's retry must
 * still not record the access twice.
 */
describe('access records on EventStoreDB (stand-in): a timed-out, committed append retried across a restart is recorded once', () => {
  let standIn: EventStoreDbStandIn;
  let store: EventStoreDbEventStore;
  beforeAll(async () => {
    standIn = await startEventStoreDbStandIn();
    store = new EventStoreDbEventStore(standIn.url, { operationTimeoutMs: 5_000, appendRetryDelayMs: 600 });
  });
  afterAll(async () => {
    await store.close();
    await standIn.stop();
  });

  it('writes one StudentRecordAccessed per request: re-sent (server id cache), and timed out then retried across a restart', async () => {
    const recorder = new AccessRecorder(store, { now: () => new Date() });
    const read = (correlationId: string) => ({
      env: { actor: { id: 't-1', role: 'teacher' as const, districtId: 'd-1' }, correlationId },
      studentId: 'kim',
      part: 'threads' as const,
      purpose: 'follow-up',
      channel: 'api' as const,
    });
    await recorder.accessed(read('req-1'));
    await recorder.accessed(read('req-1')); // the caller re-sends the request: the server's id cache knows the id
    expect(standIn.log.stream(accessStreamId('kim'))).toHaveLength(1);

    Object.assign(standIn.writes, { writeDelayMs: 150, writeTimeoutMs: 50, slowWrites: 1 });
    const recording = recorder.accessed(read('req-2'));
    await new Promise((resolve) => setTimeout(resolve, 300)); // answered Timeout at 50 ms, committed at 150 ms
    expect(standIn.log.stream(accessStreamId('kim'))).toHaveLength(2);
    await standIn.restart(); // the id cache is gone: only the adapter's look at the stream prevents a duplicate
    await recording;
    const recorded = await store.readStream(accessStreamId('kim'));
    expect(recorded.map((e) => [e.type, e.metadata.correlationId])).toEqual([
      ['StudentRecordAccessed', 'req-1'],
      ['StudentRecordAccessed', 'req-2'],
    ]);
  });
});
